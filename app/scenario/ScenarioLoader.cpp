#include "app/scenario/ScenarioLoader.h"

#include "app/scenario/AudioFileSource.h"
#include "app/scenario/BuiltinScenarioFiles.h"
#include "app/scenario/ScenarioJson.h"
#include "model/ks/SpeakerMask.h"
#include "model/miniports/Ac97StreamFormat.h"
#include "model/miniports/WaveRtHdaFormat.h"
#include "model/scenario/BugSwitchNames.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <functional>
#include <limits>

namespace ps {

QString ScenarioError::toString() const {
    if (line > 0 && !jsonPath.isEmpty()) {
        return QStringLiteral("%1:%2:%3: %4: %5")
            .arg(file)
            .arg(line)
            .arg(column)
            .arg(jsonPath, message);
    }
    if (line > 0) {
        return QStringLiteral("%1:%2:%3: %4").arg(file).arg(line).arg(column).arg(message);
    }
    return QStringLiteral("%1: %2: %3").arg(file, jsonPath, message);
}

QString ScenarioLoadResult::errorText() const {
    QStringList lines;
    for (const ScenarioError& e : errors) {
        lines << e.toString();
    }
    return lines.join(QLatin1Char('\n'));
}

namespace {

constexpr double kMaxDurationMs = 24.0 * 3600.0 * 1000.0;
constexpr double kMaxSeed = 9007199254740992.0;  // 2^53: a JSON number holds every integer up to it
constexpr int kMaxStreams = 16;
// A file with more errors than this is not a scenario with mistakes in it;
// the rest would only bury the first ones.
constexpr int kMaxErrors = 50;

QString quoted(const QString& s) {
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

QString quotedList(const QStringList& names) {
    QStringList q;
    for (const QString& n : names) {
        q << quoted(n);
    }
    return q.join(QStringLiteral(", "));
}

// One JSON object being read: its path, and the keys it allows.
struct Node {
    QJsonObject object;
    QString path;
};

class Reader {
  public:
    Reader(QString file, ScenarioLoadOptions options)
        : m_file(std::move(file)), m_options(std::move(options)) {}

    QList<ScenarioError> takeErrors() { return std::move(m_errors); }
    int errorCount() const { return m_errors.size(); }

    void error(const QString& path, const QString& message) {
        if (m_errors.size() > kMaxErrors) {
            return;
        }
        ScenarioError e;
        e.file = m_file;
        e.jsonPath = path;
        e.message = message;
        if (m_errors.size() == kMaxErrors) {
            e.jsonPath = QStringLiteral("$");
            e.message = QStringLiteral("expected at most %1 errors, found more; stopped reporting")
                            .arg(kMaxErrors);
        }
        m_errors.append(e);
    }
    void expected(const QString& path, const QString& what, const QJsonValue& found) {
        error(path, QStringLiteral("expected %1, found %2").arg(what, describeJsonValue(found)));
    }

    void duplicateKey(const QByteArray& text, const DuplicateKey& duplicate) {
        ScenarioError e;
        e.file = m_file;
        e.jsonPath = duplicate.path;
        lineAndColumn(text, duplicate.offset, &e.line, &e.column);
        int firstLine = 0;
        int firstColumn = 0;
        lineAndColumn(text, duplicate.firstOffset, &firstLine, &firstColumn);
        e.message = QStringLiteral(
                        "expected each key once in an object, found %1 again (first at "
                        "%2:%3)")
                        .arg(quoted(duplicate.key))
                        .arg(firstLine)
                        .arg(firstColumn);
        m_errors.append(e);
    }

    void syntaxError(const QByteArray& text, const QJsonParseError& parseError) {
        ScenarioError e;
        e.file = m_file;
        // QJsonParseError::offset is one past the character it stopped at.
        lineAndColumn(text, parseError.offset > 0 ? parseError.offset - 1 : 0, &e.line, &e.column);
        e.message = QStringLiteral("invalid JSON (%1): %2")
                        .arg(parseError.errorString(), expectedAtSyntaxError(parseError.error));
        m_errors.append(e);
    }

    static QString at(const QString& path, const QString& key) {
        return path + QLatin1Char('.') + key;
    }
    static QString at(const QString& path, int index) {
        return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
    }

    // Reports every key of the node that is not in `known`.
    void checkKeys(const Node& node, const QStringList& known) {
        for (auto it = node.object.begin(); it != node.object.end(); ++it) {
            if (known.contains(it.key())) {
                continue;
            }
            const QString near = nearestKey(it.key(), known);
            error(at(node.path, it.key()),
                  QStringLiteral("unknown key %1%2; expected one of %3")
                      .arg(quoted(it.key()),
                           near.isEmpty() ? QString()
                                          : QStringLiteral(" (did you mean %1?)").arg(quoted(near)),
                           known.join(QStringLiteral(", "))));
        }
    }

    // A nested object; false (with an error) when the key holds something
    // else, false without one when it is absent.
    bool object(const Node& parent, const QString& key, Node* out) {
        const QJsonValue v = parent.object.value(key);
        if (v.isUndefined()) {
            return false;
        }
        if (!v.isObject()) {
            expected(at(parent.path, key), QStringLiteral("an object"), v);
            return false;
        }
        *out = Node{v.toObject(), at(parent.path, key)};
        return true;
    }

    bool string(const Node& n, const QString& key, QString* out) {
        const QJsonValue v = n.object.value(key);
        if (v.isUndefined()) {
            return false;
        }
        if (!v.isString()) {
            expected(at(n.path, key), QStringLiteral("a string"), v);
            return false;
        }
        *out = v.toString();
        return true;
    }

    bool boolean(const Node& n, const QString& key, bool* out) {
        const QJsonValue v = n.object.value(key);
        if (v.isUndefined()) {
            return false;
        }
        if (!v.isBool()) {
            expected(at(n.path, key), QStringLiteral("true or false"), v);
            return false;
        }
        *out = v.toBool();
        return true;
    }

    // A number in [min, max]; `unit` is appended to the range in messages.
    bool number(const Node& n, const QString& key, double min, double max, const QString& unit,
                double* out) {
        const QJsonValue v = n.object.value(key);
        if (v.isUndefined()) {
            return false;
        }
        const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!v.isDouble() || !std::isfinite(d) || d < min || d > max) {
            expected(at(n.path, key),
                     QStringLiteral("a number %1..%2%3").arg(fmt(min), fmt(max), unit), v);
            return false;
        }
        *out = d;
        return true;
    }

    bool integer(const Node& n, const QString& key, double min, double max, const QString& unit,
                 double* out) {
        const QJsonValue v = n.object.value(key);
        if (v.isUndefined()) {
            return false;
        }
        const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!v.isDouble() || !std::isfinite(d) || d != std::trunc(d) || d < min || d > max) {
            expected(at(n.path, key),
                     QStringLiteral("an integer %1..%2%3").arg(fmt(min), fmt(max), unit), v);
            return false;
        }
        *out = d;
        return true;
    }

    template <typename T>
    bool integerAs(const Node& n, const QString& key, double min, double max, const QString& unit,
                   T* out) {
        double d = 0;
        if (!integer(n, key, min, max, unit, &d)) {
            return false;
        }
        *out = static_cast<T>(d);
        return true;
    }

    // Milliseconds (fractions allowed) as nanoseconds.
    bool timeMs(const Node& n, const QString& key, double minMs, double maxMs, TimeNs* out) {
        double ms = 0;
        if (!number(n, key, minMs, maxMs, QStringLiteral(" ms"), &ms)) {
            return false;
        }
        *out = static_cast<TimeNs>(std::llround(ms * 1e6));
        return true;
    }
    bool timeUs(const Node& n, const QString& key, double minUs, double maxUs, TimeNs* out) {
        double us = 0;
        if (!number(n, key, minUs, maxUs, QStringLiteral(" us"), &us)) {
            return false;
        }
        *out = static_cast<TimeNs>(std::llround(us * 1e3));
        return true;
    }

    // One of `names`; *index is its position.
    bool choice(const Node& n, const QString& key, const QStringList& names, int* index) {
        const QJsonValue v = n.object.value(key);
        if (v.isUndefined()) {
            return false;
        }
        const int i = v.isString() ? names.indexOf(v.toString()) : -1;
        if (i < 0) {
            QString what = QStringLiteral("one of ") + quotedList(names);
            if (v.isString()) {
                const QString near = nearestKey(v.toString(), names);
                if (!near.isEmpty()) {
                    what += QStringLiteral(" (did you mean %1?)").arg(quoted(near));
                }
            }
            expected(at(n.path, key), what, v);
            return false;
        }
        *index = i;
        return true;
    }

    // Keys of `n` that only make sense in another setting: each one present
    // is an error saying where it belongs.
    void refuseKeys(const Node& n, const QStringList& keys, const QString& why) {
        for (const QString& key : keys) {
            if (n.object.contains(key)) {
                error(at(n.path, key), QStringLiteral("not allowed here: %1").arg(why));
            }
        }
    }

    const ScenarioLoadOptions& options() const { return m_options; }

    static QString fmt(double d) {
        if (d == std::trunc(d) && std::fabs(d) < 1e16) {
            return QString::number(static_cast<qint64>(d));
        }
        return QString::number(d, 'g', 10);
    }

  private:
    QString m_file;
    ScenarioLoadOptions m_options;
    QList<ScenarioError> m_errors;
};

const QStringList kStackNames = {QStringLiteral("wavepci"), QStringLiteral("wavert")};
const QStringList kDirectionNames = {QStringLiteral("render"), QStringLiteral("capture")};

QStringList enumNames(int count, const std::function<const char*(int)>& nameOf) {
    QStringList names;
    for (int i = 0; i < count; ++i) {
        names << QString::fromLatin1(nameOf(i));
    }
    return names;
}

const char* stackDevice(StackKind stack) {
    return stack == StackKind::WavePci ? "the wavepci (AC'97) miniport"
                                       : "the wavert (HD Audio) miniport";
}

class ScenarioParser {
  public:
    explicit ScenarioParser(Reader& r) : r(r) {}

    void parse(const QJsonObject& root, ScenarioSpec* spec) {
        const Node top{root, QStringLiteral("$")};
        r.checkKeys(top, {"name", "description", "seed", "duration_ms", "os_version", "streams",
                          "hardware", "wavepci_miniport", "wavert_miniport", "actions", "faults",
                          "interference", "power"});
        QString s;
        if (r.string(top, "name", &s)) {
            spec->name = s.toStdString();
        }
        if (r.string(top, "description", &s)) {
            if (s.contains(QLatin1Char('\n'))) {
                r.error(Reader::at(top.path, "description"),
                        QStringLiteral("expected one line, found a line break"));
            }
            spec->description = s.toStdString();
        }
        r.integerAs(top, "seed", 0, kMaxSeed, QString(), &spec->seed);
        r.timeMs(top, "duration_ms", 0.001, kMaxDurationMs, &spec->durationNs);
        if (r.string(top, "os_version", &s)) {
            const QStringList names =
                enumNames(3, [](int i) { return osVersionName(static_cast<OsVersion>(i)); });
            if (!osVersionFromName(s.toUtf8().constData(), &spec->osVersion)) {
                r.expected(Reader::at(top.path, "os_version"),
                           QStringLiteral("one of ") + quotedList(names), QJsonValue(s));
            }
        }
        Node n;
        if (r.object(top, "hardware", &n)) {
            parseHardware(n, &spec->hardware);
        }
        if (r.object(top, "wavepci_miniport", &n)) {
            parseWavePciMiniport(n, spec);
        }
        if (r.object(top, "wavert_miniport", &n)) {
            parseWaveRtMiniport(n, spec);
        }
        if (r.object(top, "interference", &n)) {
            parseInterference(n, &spec->interference);
        }
        if (r.object(top, "power", &n)) {
            parsePower(n, &spec->power);
        }
        parseStreams(top, spec);
        parseList(top, "actions", [&](const Node& a) { parseAction(a, spec); });
        parseList(top, "faults", [&](const Node& f) { parseFault(f, spec); });
        checkHardware(top, *spec);
    }

  private:
    void parseList(const Node& top, const QString& key,
                   const std::function<void(const Node&)>& each) {
        const QJsonValue v = top.object.value(key);
        if (v.isUndefined()) {
            return;
        }
        if (!v.isArray()) {
            r.expected(Reader::at(top.path, key), QStringLiteral("an array"), v);
            return;
        }
        const QJsonArray array = v.toArray();
        for (int i = 0; i < array.size(); ++i) {
            const QString path = Reader::at(Reader::at(top.path, key), i);
            if (!array[i].isObject()) {
                r.expected(path, QStringLiteral("an object"), array[i]);
                continue;
            }
            each(Node{array[i].toObject(), path});
        }
    }

    void parseHardware(const Node& n, HardwareSpec* hw) {
        r.checkKeys(n, {"fifo_bytes", "burst_bytes", "sample_clock_error_ppm", "codec_delay_us",
                        "coalesce_bursts", "hda_dma_waits_for_bcis_ack"});
        r.boolean(n, "coalesce_bursts", &hw->coalesceBursts);
        r.boolean(n, "hda_dma_waits_for_bcis_ack", &hw->hdaDmaWaitsForBcisAck);
        r.integerAs(n, "fifo_bytes", 0, 65536,
                    QStringLiteral(" bytes (0 = the controller's default)"), &hw->fifoBytes);
        if (r.integerAs(n, "burst_bytes", 0, 4096,
                        QStringLiteral(" bytes (0 = the controller's default)"), &hw->burstBytes) &&
            hw->burstBytes % 4 != 0) {
            r.expected(Reader::at(n.path, "burst_bytes"), QStringLiteral("a multiple of 4"),
                       QJsonValue(static_cast<double>(hw->burstBytes)));
        }
        r.integerAs(n, "sample_clock_error_ppm", -500000, 500000, QStringLiteral(" ppm"),
                    &hw->sampleClockErrorPpm);
        r.timeUs(n, "codec_delay_us", 0, 1e6, &hw->codecDelayNs);
    }

    // Board limits that depend on which stacks the scenario uses
    // (HdaConfig.h, Ac97Config.h).
    void checkHardware(const Node& top, const ScenarioSpec& spec) {
        const HardwareSpec& hw = spec.hardware;
        if (!top.object.value("hardware").isObject()) {
            return;
        }
        const QString path = Reader::at(top.path, "hardware");
        bool pci = false;
        bool rt = false;
        for (const StreamSpec& s : spec.streams) {
            (s.stack == StackKind::WavePci ? pci : rt) = true;
        }
        if (rt && hw.fifoBytes != 0 && (hw.fifoBytes < 16 || hw.fifoBytes > 256)) {
            r.error(Reader::at(path, "fifo_bytes"),
                    QStringLiteral("expected 16..256 bytes for the HD Audio controller of the "
                                   "wavert streams, found %1")
                        .arg(hw.fifoBytes));
        }
        const std::uint32_t burst = hw.burstBytes != 0 ? hw.burstBytes : 64;
        const std::uint32_t hdaFifo = hw.fifoBytes != 0 ? hw.fifoBytes : 120;
        if (rt && burst > hdaFifo) {
            r.error(Reader::at(path, "burst_bytes"),
                    QStringLiteral("expected at most the HD Audio FIFO (%1 bytes), found %2")
                        .arg(hdaFifo)
                        .arg(burst));
        }
        const std::uint32_t ac97Fifo = hw.fifoBytes != 0 ? hw.fifoBytes : 256;
        if (pci && ac97Fifo < burst + 32) {
            r.error(Reader::at(path, "fifo_bytes"),
                    QStringLiteral("expected at least the DMA burst + 32 bytes (%1) for the "
                                   "AC'97 controller of the wavepci streams, found %2")
                        .arg(burst + 32)
                        .arg(ac97Fifo));
        }
    }

    void parseBugs(const Node& n, StackKind stack, ScenarioSpec* spec) {
        const QJsonValue v = n.object.value("bugs");
        if (v.isUndefined()) {
            return;
        }
        const QString path = Reader::at(n.path, "bugs");
        QStringList names;
        for (const BugSwitchInfo& info : bugSwitches()) {
            if (info.stack == stack) {
                names << QString::fromLatin1(info.name);
            }
        }
        if (!v.isArray()) {
            r.expected(path, QStringLiteral("an array of bug switch names"), v);
            return;
        }
        const QJsonArray array = v.toArray();
        QStringList seen;
        for (int i = 0; i < array.size(); ++i) {
            const QString name = array[i].toString();
            const BugSwitchInfo* info =
                array[i].isString() ? findBugSwitch(stack, name.toStdString()) : nullptr;
            if (info == nullptr) {
                QString what = QStringLiteral("a %1 bug switch, one of %2")
                                   .arg(stackKindName(stack), quotedList(names));
                const QString near = array[i].isString() ? nearestKey(name, names) : QString();
                if (!near.isEmpty()) {
                    what = QStringLiteral("(did you mean %1?) ").arg(quoted(near)) + what;
                }
                r.expected(Reader::at(path, i), what, array[i]);
                continue;
            }
            if (seen.contains(name)) {
                r.error(
                    Reader::at(path, i),
                    QStringLiteral("expected each switch once, found %1 again").arg(quoted(name)));
            }
            seen << name;
            setBugSwitch(*spec, *info, true);
        }
    }

    void parseWavePciMiniport(const Node& n, ScenarioSpec* spec) {
        r.checkKeys(n, {"interrupt_interval_ms", "max_entries", "prefetch_offset_frames", "bugs"});
        WavePciMiniportOptions& o = spec->wavepciMiniport;
        r.integerAs(n, "interrupt_interval_ms", 1, 1000, QStringLiteral(" ms"),
                    &o.interruptIntervalMs);
        r.integerAs(n, "max_entries", 1, 31, QString(), &o.maxEntries);
        r.integerAs(n, "prefetch_offset_frames", 0, 65536, QStringLiteral(" frames"),
                    &o.preFetchOffsetFrames);
        parseBugs(n, StackKind::WavePci, spec);
    }

    void parseWaveRtMiniport(const Node& n, ScenarioSpec* spec) {
        r.checkKeys(
            n, {"buffer_size_policy", "notification_policy", "write_offset_policy",
                "codec_delay_100ns", "offer_position_register", "offer_clock_register", "bugs"});
        WaveRtMiniportOptions& o = spec->wavertMiniport;
        int i = 0;
        if (r.choice(n, "buffer_size_policy",
                     enumNames(2,
                               [](int k) {
                                   return waveRtBufferSizePolicyName(
                                       static_cast<WaveRtBufferSizePolicy>(k));
                               }),
                     &i)) {
            o.bufferSizePolicy = static_cast<WaveRtBufferSizePolicy>(i);
        }
        if (r.choice(n, "notification_policy",
                     enumNames(2,
                               [](int k) {
                                   return waveRtNotificationPolicyName(
                                       static_cast<WaveRtNotificationPolicy>(k));
                               }),
                     &i)) {
            o.notificationPolicy = static_cast<WaveRtNotificationPolicy>(i);
        }
        if (r.choice(n, "write_offset_policy",
                     enumNames(2,
                               [](int k) {
                                   return waveRtWriteOffsetPolicyName(
                                       static_cast<WaveRtWriteOffsetPolicy>(k));
                               }),
                     &i)) {
            o.writeOffsetPolicy = static_cast<WaveRtWriteOffsetPolicy>(i);
        }
        r.integerAs(n, "codec_delay_100ns", 0, 10000000, QStringLiteral(" x 100 ns"),
                    &o.codecDelay100ns);
        r.boolean(n, "offer_position_register", &o.offerPositionRegister);
        r.boolean(n, "offer_clock_register", &o.offerClockRegister);
        parseBugs(n, StackKind::WaveRt, spec);
    }

    void parseDelay(const Node& parent, const QString& key, InterferenceDelay* d) {
        Node n;
        if (!r.object(parent, key, &n)) {
            return;
        }
        r.checkKeys(n, {"probability", "min_delay_us", "max_delay_us"});
        r.number(n, "probability", 0, 1, QString(), &d->probability);
        const bool min = r.timeUs(n, "min_delay_us", 0, 1e6, &d->minDelayNs);
        const bool max = r.timeUs(n, "max_delay_us", 0, 1e6, &d->maxDelayNs);
        if ((min || max) && d->maxDelayNs < d->minDelayNs) {
            r.error(Reader::at(n.path, "max_delay_us"),
                    QStringLiteral("expected at least min_delay_us (%1 us), found %2 us")
                        .arg(Reader::fmt(static_cast<double>(d->minDelayNs) / 1e3),
                             Reader::fmt(static_cast<double>(d->maxDelayNs) / 1e3)));
        }
    }

    void parsePower(const Node& n, AdapterPowerConfig* cfg) {
        r.checkKeys(n, {"idle_timeout_ms", "exit_latency", "fast_exit_latency_ms",
                        "responsive_exit_latency_ms"});
        r.timeMs(n, "idle_timeout_ms", 0, 3600000, &cfg->idleTimeoutNs);
        int latency = 0;
        if (r.choice(n, "exit_latency", {"instant", "fast", "responsive"}, &latency)) {
            cfg->exitLatency = static_cast<PC_EXIT_LATENCY>(latency);
        }
        r.integerAs(n, "fast_exit_latency_ms", 0, 10000, QStringLiteral(" ms"),
                    &cfg->fastExitLatencyMs);
        r.integerAs(n, "responsive_exit_latency_ms", 0, 10000, QStringLiteral(" ms"),
                    &cfg->responsiveExitLatencyMs);
    }

    void parseInterference(const Node& n, SystemInterferenceConfig* cfg) {
        r.checkKeys(n, {"enabled", "dpc", "thread", "low_latency_below_ms"});
        cfg->enabled = true;  // the object's presence asks for it
        r.boolean(n, "enabled", &cfg->enabled);
        parseDelay(n, "dpc", &cfg->dpc);
        parseDelay(n, "thread", &cfg->thread);
        r.timeMs(n, "low_latency_below_ms", 0, 10000, &cfg->lowLatencyBelowNs);
    }

    // Reads a format object over `format` (the defaults or the stream's
    // format) and checks it against the stack's miniport.
    void parseFormat(const Node& n, StackKind stack, AudioFormat* format) {
        r.checkKeys(n, {"rate_hz", "channels", "container_bits", "valid_bits", "sample_type",
                        "extensible", "channel_mask"});
        const int before = r.errorCount();
        int sampleType = 0;
        if (r.choice(n, "sample_type", {"pcm", "float"}, &sampleType)) {
            format->sampleType = sampleType == 0 ? SampleType::Pcm : SampleType::Float;
            if (format->sampleType == SampleType::Float) {
                format->containerBits = 32;
                format->validBits = 32;
            }
        }
        r.integerAs(n, "rate_hz", 1, 1e7, QStringLiteral(" Hz"), &format->rateHz);
        r.integerAs(n, "channels", 1, 8, QString(), &format->channels);
        const QJsonValue container = n.object.value("container_bits");
        if (!container.isUndefined()) {
            const double d = container.toDouble(-1);
            if (d != 8 && d != 16 && d != 24 && d != 32) {
                r.expected(Reader::at(n.path, "container_bits"), QStringLiteral("8, 16, 24 or 32"),
                           container);
            } else {
                format->containerBits = static_cast<WORD>(d);
                format->validBits = format->containerBits;
            }
        }
        r.boolean(n, "extensible", &format->extensible);
        if (r.integerAs(n, "valid_bits", 1, format->containerBits,
                        QStringLiteral(" (at most container_bits)"), &format->validBits) &&
            format->validBits != format->containerBits && !format->extensible) {
            r.error(Reader::at(n.path, "valid_bits"),
                    QStringLiteral("expected valid_bits == container_bits (%1) unless "
                                   "\"extensible\": true, found %2")
                        .arg(format->containerBits)
                        .arg(format->validBits));
        }
        if (format->extensible) {
            format->channelMask = defaultChannelMask(format->channels);
            r.integerAs(n, "channel_mask", 0, 4294967295.0, QString(), &format->channelMask);
        } else {
            format->channelMask = 0;
            r.refuseKeys(n, {"channel_mask"}, QStringLiteral("only an extensible format has one"));
        }
        if (r.errorCount() != before) {
            return;
        }
        checkFormat(n.path, stack, *format);
    }

    void checkFormat(const QString& path, StackKind stack, const AudioFormat& format) {
        if (format.sampleType == SampleType::Float && stack == StackKind::WaveRt) {
            r.error(Reader::at(path, "sample_type"),
                    QStringLiteral("expected \"pcm\": %1 streams PCM only, found \"float\"")
                        .arg(stackDevice(stack)));
            return;
        }
        if (format.sampleType == SampleType::Float && format.containerBits != 32) {
            r.error(Reader::at(path, "container_bits"),
                    QStringLiteral("expected 32 for float samples, found %1")
                        .arg(format.containerBits));
            return;
        }
        const bool rateInRange =
            stack == StackKind::WavePci
                ? format.rateHz >= kAc97MinRateHz && format.rateHz <= kAc97MaxRateHz
                : format.rateHz >= kHdaRtMinRateHz && format.rateHz <= kHdaRtMaxRateHz;
        if (!rateInRange) {
            refuseRate(path, stack, format);
            return;
        }
        const FormatCheck check = format.validate();
        if (!check.ok()) {
            r.error(path, QStringLiteral("expected a valid wave format, found %1 (%2)")
                              .arg(QString::fromStdString(format.describe()),
                                   QString::fromStdString(check.message())));
            return;
        }
        hda::StreamFormat sdFmt;
        const bool supported = stack == StackKind::WavePci ? ac97SupportsFormat(format)
                                                           : hdaRtStreamFormat(format, &sdFmt);
        if (supported) {
            return;
        }
        // Channels, containers and the sample type are checked above, so
        // what the miniport refuses is the rate.
        refuseRate(path, stack, format);
    }

    void refuseRate(const QString& path, StackKind stack, const AudioFormat& format) {
        QString rates;
        if (stack == StackKind::WavePci) {
            rates = QStringLiteral("%1..%2 Hz").arg(kAc97MinRateHz).arg(kAc97MaxRateHz);
        } else {
            rates = QStringLiteral(
                        "%1..%2 Hz, 48000 or 44100 x 1..4 / 1..8 (e.g. 8000, 11025, 16000, "
                        "22050, 32000, 44100, 48000, 88200, 96000, 176400, 192000)")
                        .arg(kHdaRtMinRateHz)
                        .arg(kHdaRtMaxRateHz);
        }
        r.error(Reader::at(path, "rate_hz"),
                QStringLiteral("expected a rate %1 can stream, %2, found %3")
                    .arg(stackDevice(stack), rates)
                    .arg(format.rateHz));
    }

    void parseSignal(const Node& n, const AudioFormat& format, SignalSpec* signal) {
        r.checkKeys(n, {"kind", "frequency_hz", "amplitude", "sweep_start_hz", "sweep_end_hz",
                        "sweep_duration_ms", "path", "loop"});
        const QStringList kinds =
            enumNames(5, [](int k) { return signalKindName(static_cast<SignalKind>(k)); });
        int kind = 0;
        if (r.choice(n, "kind", kinds, &kind)) {
            signal->kind = static_cast<SignalKind>(kind);
        } else if (!n.object.contains("kind")) {
            r.error(Reader::at(n.path, "kind"),
                    QStringLiteral("expected one of %1, found nothing").arg(quotedList(kinds)));
            return;
        } else {
            return;
        }
        const QString kindName = kinds[kind];
        const double nyquist = format.rateHz / 2.0;
        const QString below = QStringLiteral(" Hz (below half the stream's rate)");
        const QStringList toneKeys = {"frequency_hz"};
        const QStringList sweepKeys = {"sweep_start_hz", "sweep_end_hz", "sweep_duration_ms"};
        const QStringList fileKeys = {"path", "loop"};
        const QString why = QStringLiteral("the signal is a %1").arg(kindName);
        switch (signal->kind) {
            case SignalKind::Tone:
                r.refuseKeys(n, sweepKeys + fileKeys, why);
                r.number(n, "frequency_hz", 0.001, nyquist - 0.001, below, &signal->frequencyHz);
                r.number(n, "amplitude", 0, 1, QString(), &signal->amplitude);
                break;
            case SignalKind::Sweep: {
                r.refuseKeys(n, toneKeys + fileKeys, why);
                r.number(n, "sweep_start_hz", 0.001, nyquist - 0.001, below, &signal->sweepStartHz);
                r.number(n, "sweep_end_hz", 0.001, nyquist - 0.001, below, &signal->sweepEndHz);
                r.timeMs(n, "sweep_duration_ms", 0.001, kMaxDurationMs, &signal->sweepDurationNs);
                r.number(n, "amplitude", 0, 1, QString(), &signal->amplitude);
                break;
            }
            case SignalKind::Noise:
                r.refuseKeys(n, toneKeys + sweepKeys + fileKeys, why);
                r.number(n, "amplitude", 0, 1, QString(), &signal->amplitude);
                break;
            case SignalKind::Silence:
                r.refuseKeys(n, toneKeys + sweepKeys + fileKeys + QStringList{"amplitude"}, why);
                break;
            case SignalKind::File:
                r.refuseKeys(n, toneKeys + sweepKeys + QStringList{"amplitude"}, why);
                r.boolean(n, "loop", &signal->loop);
                parseFilePath(n, signal);
                break;
        }
    }

    void parseFilePath(const Node& n, SignalSpec* signal) {
        QString path;
        if (!r.string(n, "path", &path)) {
            if (!n.object.contains("path")) {
                r.error(Reader::at(n.path, "path"),
                        QStringLiteral("expected the path of an audio file, found nothing"));
            }
            return;
        }
        if (path.isEmpty()) {
            r.expected(Reader::at(n.path, "path"), QStringLiteral("the path of an audio file"),
                       QJsonValue(path));
            return;
        }
        if (QFileInfo(path).isRelative() && !r.options().baseDir.isEmpty()) {
            path = QDir(r.options().baseDir).filePath(path);
        }
        signal->filePath = QDir::cleanPath(path).toStdString();
        if (!r.options().checkAudioFiles) {
            return;
        }
        std::string why;
        if (!probeAudioFile(signal->filePath, nullptr, &why)) {
            r.error(Reader::at(n.path, "path"),
                    QStringLiteral("expected a readable audio file (WAV, FLAC, Ogg Vorbis, ...), "
                                   "found %1")
                        .arg(QString::fromStdString(why)));
        }
    }

    void parseWaveRtSettings(const Node& n, const ScenarioSpec& spec, const StreamSpec& stream,
                             WaveRtStreamSettings* s) {
        r.checkKeys(n, {"mode", "buffer_ms", "notification_count", "polling_period_ms",
                        "write_ahead_ms", "use_registers"});
        int mode = 0;
        if (r.choice(n, "mode", {"event", "polling"}, &mode)) {
            s->mode = static_cast<WaveRtStreamingMode>(mode);
        }
        r.integerAs(n, "buffer_ms", 1, 2000, QStringLiteral(" ms"), &s->bufferMs);
        r.boolean(n, "use_registers", &s->useRegisters);
        if (s->mode == WaveRtStreamingMode::Event) {
            r.refuseKeys(n, {"polling_period_ms", "write_ahead_ms"},
                         QStringLiteral("it applies to \"mode\": \"polling\" only"));
            const bool any =
                spec.wavertMiniport.acceptNotificationCountAny ||
                spec.wavertMiniport.notificationPolicy == WaveRtNotificationPolicy::SampleDivisors;
            if (any) {
                r.integerAs(n, "notification_count", 1, 64, QString(), &s->notificationCount);
            } else {
                const QJsonValue v = n.object.value("notification_count");
                if (!v.isUndefined()) {
                    if (v.toDouble(0) == 1 || v.toDouble(0) == 2) {
                        s->notificationCount = static_cast<ULONG>(v.toDouble());
                    } else {
                        r.expected(Reader::at(n.path, "notification_count"),
                                   QStringLiteral("1 or 2 in event mode (more only with "
                                                  "wavert_miniport.notification_policy "
                                                  "\"SampleDivisors\" or the bug switch "
                                                  "'accept-notification-count-any')"),
                                   v);
                    }
                }
            }
        } else {
            r.refuseKeys(n, {"notification_count"},
                         QStringLiteral("it applies to \"mode\": \"event\" only"));
            r.timeMs(n, "polling_period_ms", 0.01, 1000, &s->pollingPeriodNs);
            if (stream.direction == StreamDirection::Capture) {
                r.refuseKeys(n, {"write_ahead_ms"}, QStringLiteral("it applies to render only"));
            } else if (r.integerAs(n, "write_ahead_ms", 1, 2000, QStringLiteral(" ms"),
                                   &s->writeAheadMs) &&
                       s->writeAheadMs > s->bufferMs) {
                r.error(Reader::at(n.path, "write_ahead_ms"),
                        QStringLiteral("expected at most buffer_ms (%1), found %2")
                            .arg(s->bufferMs)
                            .arg(s->writeAheadMs));
            }
        }
    }

    void parseWavePciSettings(const Node& n, WavePciStreamSettings* s) {
        r.checkKeys(n, {"packet_ms", "packets_queued"});
        r.integerAs(n, "packet_ms", 1, 1000, QStringLiteral(" ms"), &s->packetMs);
        r.integerAs(n, "packets_queued", 1, 64, QString(), &s->packetsQueued);
    }

    void parseStreams(const Node& top, ScenarioSpec* spec) {
        const QJsonValue v = top.object.value("streams");
        const QString path = Reader::at(top.path, "streams");
        if (!v.isArray() || v.toArray().isEmpty() || v.toArray().size() > kMaxStreams) {
            const QString what =
                QStringLiteral("an array of 1..%1 stream objects").arg(kMaxStreams);
            if (v.isArray()) {
                r.error(path, QStringLiteral("expected %1, found %2 streams")
                                  .arg(what)
                                  .arg(v.toArray().size()));
            } else {
                r.expected(path, what, v);
            }
            return;
        }
        const QJsonArray array = v.toArray();
        for (int i = 0; i < array.size(); ++i) {
            const QString streamPath = Reader::at(path, i);
            StreamSpec stream;
            if (!array[i].isObject()) {
                r.expected(streamPath, QStringLiteral("a stream object"), array[i]);
                spec->streams.push_back(stream);
                continue;
            }
            parseStream(Node{array[i].toObject(), streamPath}, *spec, &stream);
            spec->streams.push_back(stream);
        }
    }

    void parseStream(const Node& n, const ScenarioSpec& spec, StreamSpec* stream) {
        r.checkKeys(n, {"name", "stack", "direction", "format", "signal", "wavert", "wavepci",
                        "start_ms", "stop_ms"});
        QString name;
        if (r.string(n, "name", &name)) {
            for (const StreamSpec& other : spec.streams) {
                if (!name.isEmpty() && other.name == name.toStdString()) {
                    r.error(Reader::at(n.path, "name"),
                            QStringLiteral("expected a name no other stream has, found %1")
                                .arg(quoted(name)));
                }
            }
            stream->name = name.toStdString();
        }
        int stack = 0;
        if (!r.choice(n, "stack", kStackNames, &stack)) {
            if (!n.object.contains("stack")) {
                r.error(Reader::at(n.path, "stack"),
                        QStringLiteral("expected %1, found nothing").arg(quotedList(kStackNames)));
            }
            return;
        }
        stream->stack = static_cast<StackKind>(stack);
        int direction = 0;
        if (r.choice(n, "direction", kDirectionNames, &direction)) {
            stream->direction = static_cast<StreamDirection>(direction);
        }
        Node sub;
        if (r.object(n, "format", &sub)) {
            parseFormat(sub, stream->stack, &stream->format);
        }
        if (r.object(n, "signal", &sub)) {
            parseSignal(sub, stream->format, &stream->signal);
        }
        if (stream->stack == StackKind::WaveRt) {
            r.refuseKeys(n, {"wavepci"}, QStringLiteral("the stream's stack is wavert"));
            if (r.object(n, "wavert", &sub)) {
                parseWaveRtSettings(sub, spec, *stream, &stream->wavert);
            }
        } else {
            r.refuseKeys(n, {"wavert"}, QStringLiteral("the stream's stack is wavepci"));
            if (r.object(n, "wavepci", &sub)) {
                parseWavePciSettings(sub, &stream->wavepci);
            }
        }
        const double durationMs = static_cast<double>(spec.durationNs) / 1e6;
        if (r.timeMs(n, "start_ms", 0, kMaxDurationMs, &stream->startNs) &&
            stream->startNs >= spec.durationNs) {
            r.error(
                Reader::at(n.path, "start_ms"),
                QStringLiteral("expected a time before the end of the run (duration_ms %1), "
                               "found %2")
                    .arg(Reader::fmt(durationMs), describeJsonValue(n.object.value("start_ms"))));
        }
        TimeNs stopNs = 0;
        if (r.timeMs(n, "stop_ms", 0, kMaxDurationMs, &stopNs)) {
            if (stopNs <= stream->startNs || stopNs > spec.durationNs) {
                r.error(Reader::at(n.path, "stop_ms"),
                        QStringLiteral("expected a time after start_ms (%1) and at most "
                                       "duration_ms (%2), found %3")
                            .arg(Reader::fmt(static_cast<double>(stream->startNs) / 1e6),
                                 Reader::fmt(durationMs),
                                 describeJsonValue(n.object.value("stop_ms"))));
            }
            stream->stopNs = stopNs;
        }
    }

    // "stream": an index or a stream name.
    bool streamRef(const Node& n, const ScenarioSpec& spec, std::size_t* index) {
        if (spec.streams.empty()) {
            return false;  // "streams" itself is in error; said once there
        }
        const QJsonValue v = n.object.value("stream");
        QStringList names;
        for (const StreamSpec& s : spec.streams) {
            if (!s.name.empty()) {
                names << QString::fromStdString(s.name);
            }
        }
        if (v.isDouble()) {
            const double d = v.toDouble();
            if (d == std::trunc(d) && d >= 0 && d < static_cast<double>(spec.streams.size())) {
                *index = static_cast<std::size_t>(d);
                return true;
            }
        } else if (v.isString()) {
            for (std::size_t i = 0; i < spec.streams.size(); ++i) {
                if (!spec.streams[i].name.empty() &&
                    spec.streams[i].name == v.toString().toStdString()) {
                    *index = i;
                    return true;
                }
            }
        }
        QString what =
            QStringLiteral("a stream index 0..%1").arg(static_cast<int>(spec.streams.size()) - 1);
        if (!names.isEmpty()) {
            what += QStringLiteral(" or one of the stream names ") + quotedList(names);
        }
        r.expected(Reader::at(n.path, "stream"), what, v);
        return false;
    }

    void parseAction(const Node& n, ScenarioSpec* spec) {
        r.checkKeys(n, {"at_ms", "stream", "kind", "format"});
        ActionSpec action;
        const QStringList kinds =
            enumNames(6, [](int k) { return actionKindName(static_cast<ActionKind>(k)); });
        int kind = 0;
        bool ok = true;
        if (!r.choice(n, "kind", kinds, &kind)) {
            if (!n.object.contains("kind")) {
                r.error(Reader::at(n.path, "kind"),
                        QStringLiteral("expected one of %1, found nothing").arg(quotedList(kinds)));
            }
            ok = false;
        }
        action.kind = static_cast<ActionKind>(kind);
        if (!n.object.contains("at_ms")) {
            r.error(Reader::at(n.path, "at_ms"), QStringLiteral("expected a time, found nothing"));
            ok = false;
        } else if (!r.timeMs(n, "at_ms", 0, kMaxDurationMs, &action.atNs)) {
            ok = false;
        }
        if (!streamRef(n, *spec, &action.stream)) {
            return;
        }
        if (!ok || action.stream >= spec->streams.size()) {
            return;
        }
        const StreamSpec& stream = spec->streams[action.stream];
        const TimeNs endNs = stream.stopNs.value_or(spec->durationNs);
        if (action.atNs < stream.startNs || action.atNs > endNs) {
            r.error(Reader::at(n.path, "at_ms"),
                    QStringLiteral("expected a time while the stream exists (%1..%2 ms), found %3")
                        .arg(Reader::fmt(static_cast<double>(stream.startNs) / 1e6),
                             Reader::fmt(static_cast<double>(endNs) / 1e6),
                             describeJsonValue(n.object.value("at_ms"))));
        }
        if (action.kind == ActionKind::CancelPackets && stream.stack != StackKind::WavePci) {
            r.error(Reader::at(n.path, "kind"),
                    QStringLiteral("expected an action a wavert stream can take, found "
                                   "\"cancel-packets\" (wavepci streams only)"));
        }
        if (action.kind == ActionKind::ChangeFormat) {
            Node f;
            action.format = AudioFormat{};  // a complete format, with a stream format's defaults
            if (r.object(n, "format", &f)) {
                parseFormat(f, stream.stack, &action.format);
            } else if (!n.object.contains("format")) {
                r.error(Reader::at(n.path, "format"),
                        QStringLiteral("expected the new format, found nothing"));
            }
        } else {
            r.refuseKeys(n, {"format"}, QStringLiteral("only \"change-format\" takes a format"));
        }
        spec->actions.push_back(action);
    }

    void parseFault(const Node& n, ScenarioSpec* spec) {
        r.checkKeys(n, {"kind", "stream", "from_ms", "until_ms", "delay_us", "count"});
        FaultSpec fault;
        const QStringList kinds =
            enumNames(5, [](int k) { return faultKindName(static_cast<FaultKind>(k)); });
        int kind = 0;
        if (!r.choice(n, "kind", kinds, &kind)) {
            if (!n.object.contains("kind")) {
                r.error(Reader::at(n.path, "kind"),
                        QStringLiteral("expected one of %1, found nothing").arg(quotedList(kinds)));
            }
            return;
        }
        fault.kind = static_cast<FaultKind>(kind);
        const QString why = QStringLiteral("a %1 fault does not use it").arg(kinds[kind]);
        const bool needsStream = fault.kind != FaultKind::DpcDelay;
        const bool hasWindow = fault.kind == FaultKind::DpcDelay ||
                               fault.kind == FaultKind::LateClient ||
                               fault.kind == FaultKind::StalledClient;
        const bool hasDelay =
            fault.kind == FaultKind::DpcDelay || fault.kind == FaultKind::LateClient;
        if (!needsStream) {
            r.refuseKeys(n, {"stream"}, QStringLiteral("a dpc-delay fault delays every DPC"));
        } else {
            std::size_t index = 0;
            if (streamRef(n, *spec, &index)) {
                fault.stream = index;
            }
        }
        if (!hasWindow) {
            r.refuseKeys(n, {"until_ms"}, why);
        }
        if (!hasDelay) {
            r.refuseKeys(n, {"delay_us"}, why);
        } else if (!n.object.contains("delay_us")) {
            r.error(Reader::at(n.path, "delay_us"),
                    QStringLiteral("expected the delay (a number 1..1000000 us), found nothing"));
        } else {
            r.timeUs(n, "delay_us", 1, 1e6, &fault.delayNs);
        }
        if (fault.kind != FaultKind::LostInterrupt) {
            r.refuseKeys(n, {"count"}, why);
        } else {
            r.integerAs(n, "count", 1, 1000000, QString(), &fault.count);
        }
        const double durationMs = static_cast<double>(spec->durationNs) / 1e6;
        if (r.timeMs(n, "from_ms", 0, kMaxDurationMs, &fault.fromNs) &&
            fault.fromNs >= spec->durationNs) {
            r.error(
                Reader::at(n.path, "from_ms"),
                QStringLiteral("expected a time before the end of the run (duration_ms %1), "
                               "found %2")
                    .arg(Reader::fmt(durationMs), describeJsonValue(n.object.value("from_ms"))));
        }
        TimeNs untilNs = 0;
        if (hasWindow && r.timeMs(n, "until_ms", 0, kMaxDurationMs, &untilNs)) {
            if (untilNs <= fault.fromNs || untilNs > spec->durationNs) {
                r.error(Reader::at(n.path, "until_ms"),
                        QStringLiteral("expected a time after from_ms (%1) and at most "
                                       "duration_ms (%2), found %3")
                            .arg(Reader::fmt(static_cast<double>(fault.fromNs) / 1e6),
                                 Reader::fmt(durationMs),
                                 describeJsonValue(n.object.value("until_ms"))));
            }
            fault.untilNs = untilNs;
        }
        spec->faults.push_back(fault);
    }

    Reader& r;
};

ScenarioLoadResult finish(Reader& reader, ScenarioSpec spec) {
    ScenarioLoadResult result;
    result.errors = reader.takeErrors();
    if (result.errors.isEmpty()) {
        result.spec = std::move(spec);
    }
    return result;
}

}  // namespace

namespace {

// The text's checks and the scenario's; errors without a place yet get the
// line and column of their path.
void parseScenario(Reader& reader, const QByteArray& json, const JsonScan& scan,
                   ScenarioSpec* spec) {
    if (scan.duplicate) {
        reader.duplicateKey(json, *scan.duplicate);
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        reader.syntaxError(json, parseError);
        return;
    }
    if (!doc.isObject()) {
        reader.error(QStringLiteral("$"), QStringLiteral("expected a scenario object, found %1")
                                              .arg(doc.isArray() ? QStringLiteral("an array")
                                                                 : QStringLiteral("nothing")));
        return;
    }
    ScenarioParser parser(reader);
    parser.parse(doc.object(), spec);
}

}  // namespace

ScenarioLoadResult ScenarioLoader::loadBytes(const QByteArray& json, const QString& sourceName,
                                             const ScenarioLoadOptions& options) {
    Reader reader(sourceName, options);
    ScenarioSpec spec;
    const JsonScan scan = scanJson(json);
    parseScenario(reader, json, scan, &spec);
    ScenarioLoadResult result = finish(reader, spec);
    for (ScenarioError& e : result.errors) {
        const int offset = offsetOfPath(scan, e.jsonPath);
        if (e.line == 0 && offset >= 0) {
            lineAndColumn(json, offset, &e.line, &e.column);
        }
    }
    return result;
}

ScenarioLoadResult ScenarioLoader::loadFile(const QString& path) {
    QFile file(path);
    QFileInfo info(path);
    if (info.isDir() || !file.open(QIODevice::ReadOnly)) {
        ScenarioLoadResult result;
        ScenarioError e;
        e.file = path;
        e.jsonPath = QStringLiteral("$");
        e.message = QStringLiteral("expected a readable scenario file, found %1")
                        .arg(info.isDir() ? QStringLiteral("a directory") : file.errorString());
        result.errors.append(e);
        return result;
    }
    ScenarioLoadOptions options;
    options.baseDir = info.absolutePath();
    ScenarioLoadResult result = loadBytes(file.readAll(), path, options);
    if (result.spec && result.spec->name.empty()) {
        result.spec->name = info.completeBaseName().toStdString();
    }
    return result;
}

ScenarioLoadResult ScenarioLoader::loadBuiltin(const QString& name) {
    BuiltinScenarioFile file;
    if (!findBuiltinScenarioFile(name, &file)) {
        QStringList names;
        for (const BuiltinScenarioFile& f : builtinScenarioFiles()) {
            names << f.name;
        }
        ScenarioLoadResult result;
        ScenarioError e;
        e.file = QStringLiteral("builtin:") + name;
        e.jsonPath = QStringLiteral("$");
        e.message = QStringLiteral(
                        "expected a built-in scenario, one of %1; found no scenario "
                        "named %2")
                        .arg(names.join(QStringLiteral(", ")), quoted(name));
        result.errors.append(e);
        return result;
    }
    ScenarioLoadResult result = loadBytes(file.text, QStringLiteral("builtin:") + name);
    if (result.spec && result.spec->name.empty()) {
        result.spec->name = name.toStdString();
    }
    return result;
}

ScenarioLoadResult ScenarioLoader::loadPathOrBuiltin(const QString& pathOrName) {
    if (QFileInfo::exists(pathOrName)) {
        return loadFile(pathOrName);
    }
    BuiltinScenarioFile file;
    if (findBuiltinScenarioFile(pathOrName, &file)) {
        return loadBuiltin(pathOrName);
    }
    ScenarioLoadResult result = loadBuiltin(pathOrName);
    result.errors.first().message =
        QStringLiteral("expected an existing scenario file or a built-in scenario name; ") +
        result.errors.first().message;
    result.errors.first().file = pathOrName;
    return result;
}

}  // namespace ps
