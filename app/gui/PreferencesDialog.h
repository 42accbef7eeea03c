// PreferencesDialog: the inspector's preferences. Today one: the audio
// output device ("Default", "None (timer)" or one of QAudioDeviceInfo::
// availableDevices(AudioOutput), by name). The choice is kept with QSettings
// under kOutputDeviceKey: "" = the default device, SessionAudio::kNoDevice
// = none, else the device name. The window applies it (SessionAudio::
// reopen). GUI thread.
#pragma once

#include <QDialog>
#include <QString>

class QComboBox;

namespace ps {

class PreferencesDialog : public QDialog {
    Q_OBJECT
  public:
    static const QString kOutputDeviceKey;  // "audio/outputDevice"

    // current: the choice in force (as stored).
    explicit PreferencesDialog(const QString& current, QWidget* parent = nullptr);

    QString outputDevice() const;
    QComboBox* outputDeviceBox() const { return m_output; }

    static QString savedOutputDevice();
    static void saveOutputDevice(const QString& device);

  private:
    QComboBox* m_output;
};

}  // namespace ps
