#include "app/gui/PreferencesDialog.h"

#include "app/gui/SessionAudio.h"

#include <QAudioDeviceInfo>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSettings>

namespace ps {

const QString PreferencesDialog::kOutputDeviceKey = QStringLiteral("audio/outputDevice");
const QString PreferencesDialog::kInputDeviceKey = QStringLiteral("audio/inputDevice");

namespace {
// Fills box with "Default", the none entry and every device of mode, and
// selects current.
void fillDevices(QComboBox* box, QAudio::Mode mode, const QString& noneText,
                 const QString& current) {
    box->addItem(PreferencesDialog::tr("Default"), QString());
    box->addItem(noneText, SessionAudio::kNoDevice);
    for (const QAudioDeviceInfo& d : QAudioDeviceInfo::availableDevices(mode)) {
        if (box->findData(d.deviceName()) < 0) {
            box->addItem(d.deviceName(), d.deviceName());
        }
    }
    // A saved device that is not there now stays selectable (it may return).
    if (box->findData(current) < 0) {
        box->addItem(PreferencesDialog::tr("%1 (not available)").arg(current), current);
    }
    box->setCurrentIndex(box->findData(current));
}
}  // namespace

PreferencesDialog::PreferencesDialog(const QString& current, const QString& currentInput,
                                     QWidget* parent)
    : QDialog(parent), m_output(new QComboBox(this)), m_input(new QComboBox(this)) {
    setWindowTitle(tr("Preferences"));
    fillDevices(m_output, QAudio::AudioOutput, tr("None (timer)"), current);
    m_output->setToolTip(
        tr("The device that plays live runs; its clock paces them. None: the timer paces."));
    fillDevices(m_input, QAudio::AudioInput, tr("None (scenario source)"), currentInput);
    m_input->setToolTip(
        tr("The device capture streams record from (kept on a tape, so stepping back replays "
           "it). None: capture streams record their scenario signals. A scenario opened "
           "without an input keeps its signals until the next one is opened."));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Audio output:"), m_output);
    form->addRow(tr("Audio input:"), m_input);
    form->addRow(buttons);
}

QString PreferencesDialog::outputDevice() const {
    return m_output->currentData().toString();
}

QString PreferencesDialog::inputDevice() const {
    return m_input->currentData().toString();
}

QString PreferencesDialog::savedOutputDevice() {
    return QSettings().value(kOutputDeviceKey, QString()).toString();
}

void PreferencesDialog::saveOutputDevice(const QString& device) {
    QSettings().setValue(kOutputDeviceKey, device);
}

QString PreferencesDialog::savedInputDevice() {
    return QSettings().value(kInputDeviceKey, QString()).toString();
}

void PreferencesDialog::saveInputDevice(const QString& device) {
    QSettings().setValue(kInputDeviceKey, device);
}

}  // namespace ps
