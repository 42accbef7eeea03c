#include "app/gui/SessionAudio.h"

#include "app/session/SessionController.h"

namespace ps {

namespace {
// The output's fallback consumer and stall watch need a look-in this often.
constexpr int kPumpIntervalMs = 5;
}  // namespace

const QString SessionAudio::kNoDevice = QStringLiteral("none");

SessionAudio::SessionAudio(QObject* parent, TimeNs tapeLimitNs)
    : QObject(parent), m_input(300'000'000, tapeLimitNs) {
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
    m_input.close();
    m_forcedOff = true;
    m_offReason = reason;
    m_inputOffReason = reason;
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

void SessionAudio::openInput(const QString& deviceName) {
    m_inputChoice = deviceName;
    if (m_forcedOff) {
        return;
    }
    if (deviceName == kNoDevice) {
        m_input.close();
        m_inputOffReason = tr("input off in Preferences");
    } else if (m_input.open(deviceName)) {
        m_input.start();  // records from now on; the tapes take what they need
    }
    if (!m_input.usingDevice() && deviceName != kNoDevice) {
        m_inputOffReason = m_input.fallbackReason();
    }
    emit changed();
}

void SessionAudio::installCaptureHooks(SessionControllerConfig& config) {
    config.hooks.openCaptureSource = [this](std::size_t stream, const AudioFormat& format) {
        return m_input.makeSource(stream, format);
    };
    config.beforeOpen = [this] { m_input.newTapes(); };
}

QString SessionAudio::inputStatusText() const {
    if (!m_input.usingDevice()) {
        // A session that records from tapes goes on recording them, silent.
        const QString reason =
            m_input.fallbackReason().isEmpty() || m_forcedOff || m_inputChoice == kNoDevice
                ? m_inputOffReason
                : m_input.fallbackReason();
        return m_input.tapeCount() > 0 ? tr("input: none (silence) — %1").arg(reason)
                                       : tr("input: scenario source — %1").arg(reason);
    }
    QString text = tr("input: %1").arg(m_input.deviceName());
    if (m_input.inexactFrames() > 0) {
        text += tr(" — replay not exact past the %1 s tape")
                    .arg(static_cast<double>(m_input.tapeLimitNs()) / 1e9);
    }
    return text;
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
