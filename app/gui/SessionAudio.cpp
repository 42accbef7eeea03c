#include "app/gui/SessionAudio.h"

#include "app/session/SessionController.h"

namespace ps {

namespace {
// The output's fallback consumer and stall watch need a look-in this often.
constexpr int kPumpIntervalMs = 5;
}  // namespace

const QString SessionAudio::kNoDevice = QStringLiteral("none");

SessionAudio::SessionAudio(QObject* parent) : QObject(parent) {
    m_pump.setTimerType(Qt::PreciseTimer);
    m_pump.setInterval(kPumpIntervalMs);
    connect(&m_pump, &QTimer::timeout, this, [this] {
        if (m_live) {
            m_live->pump();
        }
    });
}

SessionAudio::~SessionAudio() {
    close();
}

void SessionAudio::close() {
    m_pump.stop();
    if (m_live) {
        m_live->stop();
    }
    m_pacer.reset();
    m_live.reset();
}

void SessionAudio::open(const QString& deviceName, const LiveAudioOptions& options) {
    close();
    m_options = options;
    m_choice = deviceName;
    if (m_forcedOff) {
        return;
    }
    if (deviceName == kNoDevice) {
        m_offReason = tr("audio off in Preferences");
        emit changed();
        return;
    }
    LiveAudioOptions o = options;
    o.deviceName = deviceName;
    m_live = std::make_unique<LiveAudioOutput>(o);
    m_live->open();
    // Nothing is fed until a run plays live: the device idles in silence.
    m_live->setFeeding(false);
    m_live->start();
    m_pacer = std::make_unique<AudioClockPacer>(*m_live);
    connect(m_live.get(), &LiveAudioOutput::fellBackToTimer, this, &SessionAudio::changed);
    m_pump.start();
    emit changed();
}

void SessionAudio::forceOff(const QString& reason) {
    close();
    m_forcedOff = true;
    m_offReason = reason;
    emit changed();
}

void SessionAudio::bind(SessionController& controller) {
    controller.setAudioEnabled(playing());
}

void SessionAudio::reopen(SessionController& controller, const QString& deviceName) {
    controller.setAudioEnabled(false);
    controller.waitIdle();  // the simulation thread has let go of the output
    open(deviceName, m_options);
    bind(controller);
}

QString SessionAudio::statusText() const {
    if (!m_live) {
        return tr("audio: none (timer) — %1").arg(m_offReason);
    }
    if (m_live->usingDevice()) {
        return tr("audio: %1").arg(m_live->deviceName());
    }
    return tr("audio: none (timer) — %1").arg(m_live->fallbackReason());
}

TimeNs SessionAudio::audibleSimTimeNs() const {
    return m_live ? m_live->audibleSimTimeNs() : -1;
}

void SessionAudio::attach(ScenarioRun& run, TimeNs simNowNs) {
    m_live->restartTimeline(run, simNowNs);
}

void SessionAudio::setFeeding(bool feeding) {
    m_live->setFeeding(feeding);
}

void SessionAudio::advanced(TimeNs simNowNs) {
    m_live->produce(simNowNs);
}

void SessionAudio::ended() {
    m_live->produceEnd();
}

void SessionAudio::detach(ScenarioRun& run) {
    m_live->detach(run);
}

}  // namespace ps
