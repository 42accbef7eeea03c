// PreferencesDialog: the inspector's preferences. The audio output device
// ("Default", "None (timer)" or one of QAudioDeviceInfo::
// availableDevices(AudioOutput), by name) and the audio input device capture
// streams record from ("Default", "None (scenario source)" or one of the
// AudioInput devices). The choices are kept with QSettings under
// kOutputDeviceKey and kInputDeviceKey: "" = the default device,
// SessionAudio::kNoDevice = none, else the device name. The window applies
// them (SessionAudio::reopen, reopenInput). GUI thread.
#pragma once

#include <QDialog>
#include <QString>

class QComboBox;

namespace ps {

class PreferencesDialog : public QDialog {
    Q_OBJECT
  public:
    static const QString kOutputDeviceKey;  // "audio/outputDevice"
    static const QString kInputDeviceKey;   // "audio/inputDevice"

    // current, currentInput: the choices in force (as stored).
    explicit PreferencesDialog(const QString& current, const QString& currentInput = QString(),
                               QWidget* parent = nullptr);

    QString outputDevice() const;
    QString inputDevice() const;
    QComboBox* outputDeviceBox() const { return m_output; }
    QComboBox* inputDeviceBox() const { return m_input; }

    static QString savedOutputDevice();
    static void saveOutputDevice(const QString& device);
    static QString savedInputDevice();
    static void saveInputDevice(const QString& device);

  private:
    QComboBox* m_output;
    QComboBox* m_input;
};

}  // namespace ps
