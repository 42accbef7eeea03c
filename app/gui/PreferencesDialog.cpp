#include "app/gui/PreferencesDialog.h"

#include "app/gui/SessionAudio.h"

#include <QAudioDeviceInfo>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSettings>

namespace ps {

const QString PreferencesDialog::kOutputDeviceKey = QStringLiteral("audio/outputDevice");

PreferencesDialog::PreferencesDialog(const QString& current, QWidget* parent)
    : QDialog(parent), m_output(new QComboBox(this)) {
    setWindowTitle(tr("Preferences"));
    m_output->addItem(tr("Default"), QString());
    m_output->addItem(tr("None (timer)"), SessionAudio::kNoDevice);
    for (const QAudioDeviceInfo& d : QAudioDeviceInfo::availableDevices(QAudio::AudioOutput)) {
        if (m_output->findData(d.deviceName()) < 0) {
            m_output->addItem(d.deviceName(), d.deviceName());
        }
    }
    // A saved device that is not there now stays selectable (it may return).
    if (m_output->findData(current) < 0) {
        m_output->addItem(tr("%1 (not available)").arg(current), current);
    }
    m_output->setCurrentIndex(m_output->findData(current));
    m_output->setToolTip(
        tr("The device that plays live runs; its clock paces them. None: the timer paces."));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Audio output:"), m_output);
    form->addRow(buttons);
}

QString PreferencesDialog::outputDevice() const {
    return m_output->currentData().toString();
}

QString PreferencesDialog::savedOutputDevice() {
    return QSettings().value(kOutputDeviceKey, QString()).toString();
}

void PreferencesDialog::saveOutputDevice(const QString& device) {
    QSettings().setValue(kOutputDeviceKey, device);
}

}  // namespace ps
