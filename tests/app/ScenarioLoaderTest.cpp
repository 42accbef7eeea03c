#include "app/scenario/ScenarioLoader.h"

#include "model/scenario/BugSwitchNames.h"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <QFile>
#include <QTemporaryDir>

#include <string>

namespace ps {
namespace {

// A valid scenario with one stream of `stream` (a JSON object body) and the
// given extra top-level members.
QByteArray scenario(const char* stream, const char* extra = "") {
    return QByteArray("{\"duration_ms\": 2000, \"streams\": [{") + stream + "}]" +
           (extra[0] != 0 ? QByteArray(", ") + extra : QByteArray()) + "}";
}

ScenarioLoadResult load(const QByteArray& json, const ScenarioLoadOptions& options = {}) {
    return ScenarioLoader::loadBytes(json, QStringLiteral("test.json"), options);
}

// Exactly one error, at `path`, whose message contains every fragment.
void expectError(const ScenarioLoadResult& result, const char* path,
                 std::initializer_list<const char*> fragments) {
    ASSERT_EQ(result.errors.size(), 1) << result.errorText().toStdString();
    EXPECT_FALSE(result.spec.has_value());
    const ScenarioError& e = result.errors.first();
    EXPECT_EQ(e.file, QStringLiteral("test.json"));
    EXPECT_EQ(e.jsonPath.toStdString(), path);
    const std::string text = e.toString().toStdString();
    EXPECT_GT(e.line, 0);
    EXPECT_GT(e.column, 0);
    const std::string prefix =
        "test.json:" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + path + ": ";
    EXPECT_EQ(text.rfind(prefix, 0), 0u) << text;
    for (const char* f : fragments) {
        EXPECT_NE(text.find(f), std::string::npos) << "missing '" << f << "' in: " << text;
    }
}

TEST(ScenarioLoader, SyntaxErrorGivesLineColumnAndWhatWasExpected) {
    const ScenarioLoadResult r = load("{\n  \"seed\": 1\n  \"duration_ms\": 5\n}");
    ASSERT_EQ(r.errors.size(), 1);
    const ScenarioError& e = r.errors.first();
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.column, 3);
    EXPECT_EQ(e.toString().toStdString(),
              "test.json:3:3: invalid JSON (unterminated object): expected ',' or '}' after an "
              "object member");
}

TEST(ScenarioLoader, SyntaxErrorColumnCountsCharactersNotBytes) {
    const ScenarioLoadResult r = load("{\"name\": \"\xc3\xa9t\xc3\xa9\" x}");
    ASSERT_EQ(r.errors.size(), 1);
    EXPECT_EQ(r.errors.first().line, 1);
    EXPECT_EQ(r.errors.first().column, 16);  // the 'x'
}

TEST(ScenarioLoader, DuplicateKeyIsAnErrorWithBothPlaces) {
    const ScenarioLoadResult r =
        load("{\"streams\": [{\"stack\": \"wavert\",\n \"wavert\": {}, \"wavert\": {}}]}");
    ASSERT_EQ(r.errors.size(), 1);
    EXPECT_EQ(r.errors.first().toString().toStdString(),
              "test.json:2:16: $.streams[0]: expected each key once in an object, found 'wavert' "
              "again (first at 2:2)");
    // Escapes do not hide a duplicate.
    const ScenarioLoadResult escaped = load("{\"seed\": 1, \"s\\u0065ed\": 2}");
    ASSERT_EQ(escaped.errors.size(), 1);
    EXPECT_EQ(escaped.errors.first().jsonPath, QStringLiteral("$"));
    EXPECT_TRUE(escaped.errors.first().message.contains(QStringLiteral("found 'seed' again")));
    // The same key in different objects is fine.
    EXPECT_TRUE(load("{\"streams\": [{\"stack\": \"wavert\"}, {\"stack\": \"wavert\"}]}").ok());
}

TEST(ScenarioLoader, ErrorsGiveTheLineAndColumnOfTheOffendingMember) {
    const ScenarioLoadResult r = load(
        "{\n  \"streams\": [\n    {\"stack\": \"wavert\",\n     \"format\": {\"rate_hz\": 7000}},\n"
        "    {\"stack\": \"wavepci\"}\n  ],\n  \"actions\": [{\"kind\": \"pause\", \"stream\": "
        "1}]\n}");
    ASSERT_EQ(r.errors.size(), 2) << r.errorText().toStdString();
    EXPECT_EQ(r.errors[0].jsonPath, QStringLiteral("$.streams[0].format.rate_hz"));
    EXPECT_EQ(r.errors[0].line, 4);
    EXPECT_EQ(r.errors[0].column, 17);
    // A missing key is reported at its object.
    EXPECT_EQ(r.errors[1].jsonPath, QStringLiteral("$.actions[0].at_ms"));
    EXPECT_EQ(r.errors[1].line, 7);
    EXPECT_EQ(r.errors[1].column, 15);
}

TEST(ScenarioLoader, TopLevelMustBeAnObject) {
    expectError(load("[1, 2]"), "$", {"expected a scenario object, found an array"});
}

TEST(ScenarioLoader, UnknownKeyIsAnErrorWithTheNearestKnownKey) {
    expectError(
        load(scenario("\"stack\": \"wavert\", \"format\": {\"rate\": 48000}")),
        "$.streams[0].format.rate",
        {"unknown key 'rate' (did you mean 'rate_hz'?); expected one of rate_hz, channels"});
    expectError(load(scenario("\"stack\": \"wavert\"", "\"colour\": 1")), "$.colour",
                {"unknown key 'colour'; expected one of name, description, seed"});
}

TEST(ScenarioLoader, WrongTypeNamesWhatWasExpectedAndFound) {
    expectError(load(scenario("\"stack\": \"wavert\"", "\"seed\": \"x\"")), "$.seed",
                {"expected an integer 0..9007199254740992, found \"x\""});
    expectError(load(scenario("\"stack\": \"wavert\", \"signal\": []")), "$.streams[0].signal",
                {"expected an object, found an array"});
    expectError(load("{\"streams\": {}}"), "$.streams",
                {"expected an array of 1..16 stream objects, found an object"});
    expectError(load("{\"streams\": []}"), "$.streams",
                {"expected an array of 1..16 stream objects, found 0 streams"});
    // With no usable streams, actions are not also blamed for naming one.
    expectError(load("{\"streams\": 1, \"actions\": [{\"at_ms\": 1, \"stream\": 0, "
                     "\"kind\": \"run\"}]}"),
                "$.streams", {"found 1"});
}

TEST(ScenarioLoader, RefusesRatesTheStacksMiniportCannotTake) {
    expectError(load(scenario("\"stack\": \"wavert\", \"format\": {\"rate_hz\": 7000}")),
                "$.streams[0].format.rate_hz",
                {"expected a rate the wavert (HD Audio) miniport can stream", "found 7000"});
    expectError(load(scenario("\"stack\": \"wavepci\", \"format\": {\"rate_hz\": 7000}")),
                "$.streams[0].format.rate_hz",
                {"the wavepci (AC'97) miniport", "8000..192000 Hz", "found 7000"});
    // SDnFMT cannot express 12345 Hz; the AC'97 engine can.
    expectError(load(scenario("\"stack\": \"wavert\", \"format\": {\"rate_hz\": 12345}")),
                "$.streams[0].format.rate_hz", {"found 12345"});
    EXPECT_TRUE(load(scenario("\"stack\": \"wavepci\", \"format\": {\"rate_hz\": 12345}")).ok());
    EXPECT_TRUE(load(scenario("\"stack\": \"wavert\", \"format\": {\"rate_hz\": 22050}")).ok());
}

TEST(ScenarioLoader, RefusesImpossibleFormatFields) {
    expectError(load(scenario("\"stack\": \"wavert\", \"format\": {\"channels\": 0}")),
                "$.streams[0].format.channels", {"expected an integer 1..8, found 0"});
    expectError(load(scenario("\"stack\": \"wavert\", \"format\": {\"container_bits\": 20}")),
                "$.streams[0].format.container_bits", {"expected 8, 16, 24 or 32, found 20"});
    expectError(load(scenario("\"stack\": \"wavert\", \"format\": {\"sample_type\": \"float\"}")),
                "$.streams[0].format.sample_type", {"wavert (HD Audio) miniport streams PCM only"});
    expectError(load(scenario("\"stack\": \"wavepci\", \"format\": {\"container_bits\": 32, "
                              "\"valid_bits\": 24}")),
                "$.streams[0].format.valid_bits", {"unless \"extensible\": true, found 24"});
    expectError(load(scenario("\"stack\": \"wavepci\", \"format\": {\"sample_type\": \"float\", "
                              "\"container_bits\": 16}")),
                "$.streams[0].format.container_bits", {"expected 32 for float samples, found 16"});
    expectError(load(scenario("\"stack\": \"wavepci\", \"format\": {\"channel_mask\": 3}")),
                "$.streams[0].format.channel_mask", {"only an extensible format has one"});
}

TEST(ScenarioLoader, NotificationCountOtherThanOneOrTwoNeedsThePolicyOrTheBugSwitch) {
    const char* stream = "\"stack\": \"wavert\", \"wavert\": {\"notification_count\": 3}";
    expectError(load(scenario(stream)), "$.streams[0].wavert.notification_count",
                {"expected 1 or 2 in event mode", "found 3"});
    EXPECT_TRUE(
        load(scenario(stream, "\"wavert_miniport\": {\"notification_policy\": \"SampleDivisors\"}"))
            .ok());
    const ScenarioLoadResult r = load(
        scenario(stream, "\"wavert_miniport\": {\"bugs\": [\"accept-notification-count-any\"]}"));
    ASSERT_TRUE(r.ok()) << r.errorText().toStdString();
    EXPECT_EQ(r.spec->streams[0].wavert.notificationCount, 3u);
    expectError(load(scenario("\"stack\": \"wavert\", \"wavert\": {\"mode\": \"polling\", "
                              "\"notification_count\": 2}")),
                "$.streams[0].wavert.notification_count",
                {"not allowed here: it applies to \"mode\": \"event\" only"});
}

TEST(ScenarioLoader, RefusesBufferAndPacketLengthsOutOfRange) {
    expectError(load(scenario("\"stack\": \"wavert\", \"wavert\": {\"buffer_ms\": 0}")),
                "$.streams[0].wavert.buffer_ms", {"expected an integer 1..2000 ms, found 0"});
    expectError(load(scenario("\"stack\": \"wavert\", \"wavert\": {\"mode\": \"polling\", "
                              "\"buffer_ms\": 10, \"write_ahead_ms\": 20}")),
                "$.streams[0].wavert.write_ahead_ms",
                {"expected at most buffer_ms (10), found 20"});
    expectError(load(scenario("\"stack\": \"wavepci\", \"wavepci\": {\"packet_ms\": 5000}")),
                "$.streams[0].wavepci.packet_ms", {"expected an integer 1..1000 ms, found 5000"});
    expectError(load(scenario("\"stack\": \"wavepci\", \"wavert\": {}")), "$.streams[0].wavert",
                {"not allowed here: the stream's stack is wavepci"});
}

TEST(ScenarioLoader, RefusesStreamTimesOutsideTheRun) {
    expectError(load(scenario("\"stack\": \"wavert\", \"start_ms\": 500, \"stop_ms\": 400")),
                "$.streams[0].stop_ms", {"expected a time after start_ms (500)", "found 400"});
    expectError(load(scenario("\"stack\": \"wavert\", \"start_ms\": 2000")),
                "$.streams[0].start_ms", {"before the end of the run (duration_ms 2000)"});
}

TEST(ScenarioLoader, RefusesActionsOnMissingStreamsOrOutsideTheRun) {
    const char* stream = "\"name\": \"a\", \"stack\": \"wavert\"";
    expectError(load(scenario(
                    stream, "\"actions\": [{\"at_ms\": 10, \"stream\": 3, \"kind\": \"pause\"}]")),
                "$.actions[0].stream",
                {"expected a stream index 0..0 or one of the stream names 'a', found 3"});
    expectError(
        load(scenario(stream,
                      "\"actions\": [{\"at_ms\": 10, \"stream\": \"b\", \"kind\": \"pause\"}]")),
        "$.actions[0].stream", {"found \"b\""});
    expectError(
        load(scenario(stream,
                      "\"actions\": [{\"at_ms\": 2500, \"stream\": \"a\", \"kind\": \"pause\"}]")),
        "$.actions[0].at_ms", {"expected a time while the stream exists (0..2000 ms), found 2500"});
    expectError(
        load(scenario(
            stream, "\"actions\": [{\"at_ms\": 5, \"stream\": 0, \"kind\": \"cancel-packets\"}]")),
        "$.actions[0].kind", {"wavepci streams only"});
    expectError(
        load(scenario(stream, "\"actions\": [{\"at_ms\": 5, \"stream\": 0, \"kind\": \"jump\"}]")),
        "$.actions[0].kind", {"expected one of 'pause', 'run', 'stop'", "found \"jump\""});
}

TEST(ScenarioLoader, RefusesChangeFormatToAnImpossibleFormat) {
    expectError(load(scenario("\"stack\": \"wavert\"",
                              "\"actions\": [{\"at_ms\": 10, \"stream\": 0, \"kind\": "
                              "\"change-format\", \"format\": {\"rate_hz\": 7000}}]")),
                "$.actions[0].format.rate_hz", {"found 7000"});
    expectError(load(scenario(
                    "\"stack\": \"wavert\"",
                    "\"actions\": [{\"at_ms\": 10, \"stream\": 0, \"kind\": \"change-format\"}]")),
                "$.actions[0].format", {"expected the new format, found nothing"});
    expectError(load(scenario("\"stack\": \"wavert\"",
                              "\"actions\": [{\"at_ms\": 10, \"stream\": 0, \"kind\": \"pause\", "
                              "\"format\": {}}]")),
                "$.actions[0].format", {"only \"change-format\" takes a format"});
}

TEST(ScenarioLoader, RefusesFaultsThatCannotHappen) {
    const char* stream = "\"stack\": \"wavert\"";
    expectError(load(scenario(stream, "\"faults\": [{\"kind\": \"late-client\", \"stream\": 0}]")),
                "$.faults[0].delay_us", {"expected the delay", "found nothing"});
    expectError(load(scenario(stream,
                              "\"faults\": [{\"kind\": \"stalled-client\", \"stream\": 0, "
                              "\"from_ms\": 500, \"until_ms\": 100}]")),
                "$.faults[0].until_ms", {"expected a time after from_ms (500)", "found 100"});
    expectError(load(scenario(stream,
                              "\"faults\": [{\"kind\": \"dpc-delay\", \"stream\": 0, "
                              "\"delay_us\": 100}]")),
                "$.faults[0].stream", {"not allowed here"});
    expectError(
        load(scenario(stream, "\"faults\": [{\"kind\": \"lost-interrupt\", \"stream\": 2}]")),
        "$.faults[0].stream", {"found 2"});
    expectError(load(scenario(stream,
                              "\"faults\": [{\"kind\": \"descriptor-error\", \"stream\": 0, "
                              "\"from_ms\": 3000}]")),
                "$.faults[0].from_ms", {"before the end of the run"});
}

TEST(ScenarioLoader, RefusesUnknownOsVersionsBugSwitchesAndPolicies) {
    const char* stream = "\"stack\": \"wavert\"";
    expectError(load(scenario(stream, "\"os_version\": \"windows-11\"")), "$.os_version",
                {"expected one of 'windows-8.1', 'windows-10-rtm', 'windows-10-1511', found "
                 "\"windows-11\""});
    expectError(load(scenario(stream, "\"wavert_miniport\": {\"bugs\": [\"dma-run-in-pause\"]}")),
                "$.wavert_miniport.bugs[0]",
                {"(did you mean 'dma-runs-in-pause'?)", "found \"dma-run-in-pause\""});
    // A WavePci switch is not a WaveRT one.
    expectError(load(scenario(stream, "\"wavert_miniport\": {\"bugs\": [\"double-release\"]}")),
                "$.wavert_miniport.bugs[0]", {"a wavert bug switch"});
    expectError(load(scenario(stream, "\"wavert_miniport\": {\"buffer_size_policy\": \"Up\"}")),
                "$.wavert_miniport.buffer_size_policy",
                {"expected one of 'RoundUpToPages', 'RoundDownToFrames', found \"Up\""});
}

TEST(ScenarioLoader, RefusesImpossibleHardwareAndInterference) {
    expectError(load(scenario("\"stack\": \"wavepci\"", "\"hardware\": {\"burst_bytes\": 30}")),
                "$.hardware.burst_bytes", {"expected a multiple of 4, found 30"});
    expectError(load(scenario("\"stack\": \"wavepci\"",
                              "\"hardware\": {\"fifo_bytes\": 64, \"burst_bytes\": 64}")),
                "$.hardware.fifo_bytes", {"expected at least the DMA burst + 32 bytes (96)"});
    expectError(load(scenario("\"stack\": \"wavert\"", "\"hardware\": {\"fifo_bytes\": 1024}")),
                "$.hardware.fifo_bytes", {"expected 16..256 bytes", "found 1024"});
    expectError(load(scenario("\"stack\": \"wavert\"",
                              "\"interference\": {\"dpc\": {\"min_delay_us\": 50, "
                              "\"max_delay_us\": 10}}")),
                "$.interference.dpc.max_delay_us", {"expected at least min_delay_us (50 us)"});
    expectError(load(scenario("\"stack\": \"wavert\"",
                              "\"interference\": {\"thread\": {\"probability\": 1.5}}")),
                "$.interference.thread.probability", {"expected a number 0..1, found 1.5"});
}

TEST(ScenarioLoader, SignalKeysMustFitTheKind) {
    expectError(load(scenario("\"stack\": \"wavert\", \"signal\": {\"kind\": \"noise\", "
                              "\"frequency_hz\": 100}")),
                "$.streams[0].signal.frequency_hz", {"not allowed here: the signal is a noise"});
    expectError(load(scenario("\"stack\": \"wavert\", \"format\": {\"rate_hz\": 8000}, "
                              "\"signal\": {\"kind\": \"tone\", \"frequency_hz\": 5000}")),
                "$.streams[0].signal.frequency_hz", {"below half the stream's rate", "found 5000"});
}

class ScenarioLoaderFileTest : public ::testing::Test {
  protected:
    QString write(const QString& name, const QByteArray& text) {
        const QString p = m_dir.filePath(name);
        QFile f(p);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
        return p;
    }
    QTemporaryDir m_dir;
};

TEST_F(ScenarioLoaderFileTest, FileSignalMustBeAnExistingAudioFile) {
    const QString missing = m_dir.filePath(QStringLiteral("missing.wav"));
    const QString path = write(
        QStringLiteral("s.json"),
        scenario(
            "\"stack\": \"wavert\", \"signal\": {\"kind\": \"file\", \"path\": \"missing.wav\"}"));
    ScenarioLoadResult r = ScenarioLoader::loadFile(path);
    ASSERT_EQ(r.errors.size(), 1);
    EXPECT_EQ(r.errors.first().toString(),
              path +
                  QStringLiteral(":1:82: $.streams[0].signal.path: expected a readable audio file "
                                 "(WAV, FLAC, Ogg Vorbis, ...), found ") +
                  missing + QStringLiteral(": cannot open (No such file or directory)"));

    write(QStringLiteral("text.wav"), "just text\n");
    write(QStringLiteral("s.json"),
          scenario(
              "\"stack\": \"wavert\", \"signal\": {\"kind\": \"file\", \"path\": \"text.wav\"}"));
    r = ScenarioLoader::loadFile(path);
    ASSERT_EQ(r.errors.size(), 1);
    EXPECT_TRUE(r.errors.first().message.endsWith(
        QStringLiteral("text.wav: not a readable audio file (Format not recognised.)")))
        << r.errorText().toStdString();
}

TEST_F(ScenarioLoaderFileTest, FileSignalPathIsResolvedNextToTheScenario) {
    SF_INFO info = {};
    info.samplerate = 48000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    const QString wav = m_dir.filePath(QStringLiteral("a.wav"));
    SNDFILE* f = sf_open(wav.toUtf8().constData(), SFM_WRITE, &info);
    ASSERT_NE(f, nullptr);
    const short samples[4] = {1, 2, 3, 4};
    sf_writef_short(f, samples, 4);
    sf_close(f);
    const QString path = write(
        QStringLiteral("s.json"),
        scenario("\"stack\": \"wavert\", \"signal\": {\"kind\": \"file\", \"path\": \"a.wav\", "
                 "\"loop\": true}"));
    const ScenarioLoadResult r = ScenarioLoader::loadFile(path);
    ASSERT_TRUE(r.ok()) << r.errorText().toStdString();
    EXPECT_EQ(r.spec->name, "s");  // the file's base name when the file names none
    EXPECT_EQ(r.spec->streams[0].signal.kind, SignalKind::File);
    EXPECT_EQ(r.spec->streams[0].signal.filePath, wav.toStdString());
    EXPECT_TRUE(r.spec->streams[0].signal.loop);
}

TEST_F(ScenarioLoaderFileTest, UnreadableScenarioFileAndUnknownNamesAreErrors) {
    const QString missing = m_dir.filePath(QStringLiteral("none.json"));
    ScenarioLoadResult r = ScenarioLoader::loadFile(missing);
    ASSERT_EQ(r.errors.size(), 1);
    EXPECT_TRUE(r.errors.first().toString().startsWith(
        missing + QStringLiteral(": $: expected a readable scenario file, found ")));
    r = ScenarioLoader::loadPathOrBuiltin(QStringLiteral("no-such-scenario"));
    ASSERT_EQ(r.errors.size(), 1);
    EXPECT_TRUE(r.errors.first().toString().contains(
        QStringLiteral("expected an existing scenario file or a built-in scenario name")));
    EXPECT_TRUE(r.errors.first().toString().contains(QStringLiteral("wavert-event-render")));
}

TEST(ScenarioLoader, ReportsEveryIndependentError) {
    const ScenarioLoadResult r = load(
        "{\"seed\": -1, \"streams\": [{\"stack\": \"wavert\", \"format\": {\"channels\": 0}}, "
        "{\"stack\": \"wavx\"}], \"bogus\": 1}");
    QStringList paths;
    for (const ScenarioError& e : r.errors) {
        paths << e.jsonPath;
    }
    EXPECT_EQ(paths, (QStringList{"$.bogus", "$.seed", "$.streams[0].format.channels",
                                  "$.streams[1].stack"}));
}

TEST(ScenarioLoader, StopsReportingAfterFiftyErrors) {
    QByteArray json = "{";
    for (int i = 0; i < 80; ++i) {
        json += "\"bogus" + QByteArray::number(i) + "\": 1, ";
    }
    json += "\"streams\": [{\"stack\": \"wavert\"}]}";
    const ScenarioLoadResult r = load(json);
    ASSERT_EQ(r.errors.size(), 51);
    EXPECT_EQ(r.errors.last().toString(),
              QStringLiteral(
                  "test.json:1:1: $: expected at most 50 errors, found more; stopped reporting"));
}

// Every key of the schema, none at its default: each lands in its field.
TEST(ScenarioLoader, RoundTripsEveryField) {
    const QByteArray json = R"({
      "name": "everything", "description": "all keys", "seed": 123456789, "duration_ms": 4000.5,
      "os_version": "windows-10-rtm",
      "hardware": {"fifo_bytes": 200, "burst_bytes": 32, "sample_clock_error_ppm": -75,
                   "codec_delay_us": 12.5, "coalesce_bursts": true,
                   "hda_dma_waits_for_bcis_ack": true},
      "power": {"idle_timeout_ms": 250, "exit_latency": "responsive",
                "fast_exit_latency_ms": 10, "responsive_exit_latency_ms": 200},
      "wavepci_miniport": {"interrupt_interval_ms": 7, "max_entries": 20,
                           "prefetch_offset_frames": 64,
                           "bugs": ["forget-release-mapping", "get-mapping-from-isr"]},
      "wavert_miniport": {"buffer_size_policy": "RoundDownToFrames",
                          "notification_policy": "SampleDivisors",
                          "write_offset_policy": "PlayPlusEightFrames", "codec_delay_100ns": 33,
                          "offer_position_register": false, "offer_clock_register": false,
                          "bugs": ["dma-runs-in-pause"]},
      "interference": {"enabled": false, "dpc": {"probability": 0.25, "min_delay_us": 10,
                       "max_delay_us": 20}, "thread": {"probability": 0.5, "min_delay_us": 30,
                       "max_delay_us": 40}, "low_latency_below_ms": 6},
      "streams": [
        {"name": "rt", "stack": "wavert", "direction": "capture",
         "format": {"rate_hz": 96000, "channels": 4, "container_bits": 32, "valid_bits": 24,
                    "sample_type": "pcm", "extensible": true, "channel_mask": 51},
         "signal": {"kind": "sweep", "sweep_start_hz": 30, "sweep_end_hz": 9000,
                    "sweep_duration_ms": 1500, "amplitude": 0.75},
         "wavert": {"mode": "event", "buffer_ms": 30, "notification_count": 5,
                    "use_registers": false},
         "start_ms": 100, "stop_ms": 3900},
        {"name": "poll", "stack": "wavert", "direction": "render",
         "signal": {"kind": "tone", "frequency_hz": 440.5, "amplitude": 0.125},
         "wavert": {"mode": "polling", "buffer_ms": 40, "polling_period_ms": 2.5,
                    "write_ahead_ms": 15}},
        {"name": "pci", "stack": "wavepci",
         "format": {"rate_hz": 44100, "channels": 1, "sample_type": "float"},
         "signal": {"kind": "silence"}, "wavepci": {"packet_ms": 7, "packets_queued": 9}}
      ],
      "actions": [
        {"at_ms": 1000, "stream": "pci", "kind": "change-format",
         "format": {"rate_hz": 22050, "channels": 2, "container_bits": 8}},
        {"at_ms": 500.25, "stream": 0, "kind": "restart"}
      ],
      "faults": [
        {"kind": "dpc-delay", "from_ms": 10, "until_ms": 20, "delay_us": 300},
        {"kind": "lost-interrupt", "stream": "rt", "from_ms": 30, "count": 4},
        {"kind": "late-client", "stream": 1, "from_ms": 40, "until_ms": 50, "delay_us": 600},
        {"kind": "stalled-client", "stream": 2, "from_ms": 60},
        {"kind": "descriptor-error", "stream": 2, "from_ms": 70}
      ]
    })";
    const ScenarioLoadResult r = load(json);
    ASSERT_TRUE(r.ok()) << r.errorText().toStdString();
    const ScenarioSpec& s = *r.spec;
    EXPECT_EQ(s.name, "everything");
    EXPECT_TRUE(s.hardware.coalesceBursts);
    EXPECT_TRUE(s.hardware.hdaDmaWaitsForBcisAck);
    EXPECT_EQ(s.power.idleTimeoutNs, msToNs(250));
    EXPECT_EQ(s.power.exitLatency, PcExitLatencyResponsive);
    EXPECT_EQ(s.power.fastExitLatencyMs, 10u);
    EXPECT_EQ(s.power.responsiveExitLatencyMs, 200u);
    EXPECT_EQ(s.description, "all keys");
    EXPECT_EQ(s.seed, 123456789u);
    EXPECT_EQ(s.durationNs, 4'000'500'000);
    EXPECT_EQ(s.osVersion, OsVersion::Windows10Rtm);
    EXPECT_EQ(s.hardware.fifoBytes, 200u);
    EXPECT_EQ(s.hardware.burstBytes, 32u);
    EXPECT_EQ(s.hardware.sampleClockErrorPpm, -75);
    EXPECT_EQ(s.hardware.codecDelayNs, 12'500);
    EXPECT_EQ(s.wavepciMiniport.interruptIntervalMs, 7u);
    EXPECT_EQ(s.wavepciMiniport.maxEntries, 20u);
    EXPECT_EQ(s.wavepciMiniport.preFetchOffsetFrames, 64u);
    for (const BugSwitchInfo& info : bugSwitches()) {
        const std::string n = info.name;
        const bool on = (info.stack == StackKind::WavePci &&
                         (n == "forget-release-mapping" || n == "get-mapping-from-isr")) ||
                        (info.stack == StackKind::WaveRt && n == "dma-runs-in-pause");
        EXPECT_EQ(bugSwitchEnabled(s, info), on) << n;
    }
    EXPECT_EQ(s.wavertMiniport.bufferSizePolicy, WaveRtBufferSizePolicy::RoundDownToFrames);
    EXPECT_EQ(s.wavertMiniport.notificationPolicy, WaveRtNotificationPolicy::SampleDivisors);
    EXPECT_EQ(s.wavertMiniport.writeOffsetPolicy, WaveRtWriteOffsetPolicy::PlayPlusEightFrames);
    EXPECT_EQ(s.wavertMiniport.codecDelay100ns, 33u);
    EXPECT_FALSE(s.wavertMiniport.offerPositionRegister);
    EXPECT_FALSE(s.wavertMiniport.offerClockRegister);
    EXPECT_FALSE(s.interference.enabled);
    EXPECT_EQ(s.interference.dpc.probability, 0.25);
    EXPECT_EQ(s.interference.dpc.minDelayNs, 10'000);
    EXPECT_EQ(s.interference.dpc.maxDelayNs, 20'000);
    EXPECT_EQ(s.interference.thread.probability, 0.5);
    EXPECT_EQ(s.interference.thread.minDelayNs, 30'000);
    EXPECT_EQ(s.interference.thread.maxDelayNs, 40'000);
    EXPECT_EQ(s.interference.lowLatencyBelowNs, 6'000'000);

    ASSERT_EQ(s.streams.size(), 3u);
    const StreamSpec& rt = s.streams[0];
    EXPECT_EQ(rt.name, "rt");
    EXPECT_EQ(rt.stack, StackKind::WaveRt);
    EXPECT_EQ(rt.direction, StreamDirection::Capture);
    EXPECT_EQ(rt.format, AudioFormat::extensiblePcm(96000, 4, 32, 24, 51));
    EXPECT_EQ(rt.signal.kind, SignalKind::Sweep);
    EXPECT_EQ(rt.signal.sweepStartHz, 30.0);
    EXPECT_EQ(rt.signal.sweepEndHz, 9000.0);
    EXPECT_EQ(rt.signal.sweepDurationNs, 1'500'000'000);
    EXPECT_EQ(rt.signal.amplitude, 0.75);
    EXPECT_EQ(rt.wavert.mode, WaveRtStreamingMode::Event);
    EXPECT_EQ(rt.wavert.bufferMs, 30u);
    EXPECT_EQ(rt.wavert.notificationCount, 5u);
    EXPECT_FALSE(rt.wavert.useRegisters);
    EXPECT_EQ(rt.startNs, 100'000'000);
    EXPECT_EQ(rt.stopNs, std::optional<TimeNs>(3'900'000'000));
    const StreamSpec& poll = s.streams[1];
    EXPECT_EQ(poll.direction, StreamDirection::Render);
    EXPECT_EQ(poll.format, AudioFormat::pcm(48000, 2, 16));
    EXPECT_EQ(poll.signal.kind, SignalKind::Tone);
    EXPECT_EQ(poll.signal.frequencyHz, 440.5);
    EXPECT_EQ(poll.signal.amplitude, 0.125);
    EXPECT_EQ(poll.wavert.mode, WaveRtStreamingMode::Polling);
    EXPECT_EQ(poll.wavert.bufferMs, 40u);
    EXPECT_EQ(poll.wavert.pollingPeriodNs, 2'500'000);
    EXPECT_EQ(poll.wavert.writeAheadMs, 15u);
    EXPECT_EQ(poll.stopNs, std::nullopt);
    const StreamSpec& pci = s.streams[2];
    EXPECT_EQ(pci.stack, StackKind::WavePci);
    EXPECT_EQ(pci.format, AudioFormat::ieeeFloat(44100, 1));
    EXPECT_EQ(pci.signal.kind, SignalKind::Silence);
    EXPECT_EQ(pci.wavepci.packetMs, 7u);
    EXPECT_EQ(pci.wavepci.packetsQueued, 9u);

    ASSERT_EQ(s.actions.size(), 2u);
    EXPECT_EQ(s.actions[0].atNs, 1'000'000'000);
    EXPECT_EQ(s.actions[0].stream, 2u);
    EXPECT_EQ(s.actions[0].kind, ActionKind::ChangeFormat);
    EXPECT_EQ(s.actions[0].format, AudioFormat::pcm(22050, 2, 8));
    EXPECT_EQ(s.actions[1].atNs, 500'250'000);
    EXPECT_EQ(s.actions[1].stream, 0u);
    EXPECT_EQ(s.actions[1].kind, ActionKind::Restart);

    ASSERT_EQ(s.faults.size(), 5u);
    EXPECT_EQ(s.faults[0].kind, FaultKind::DpcDelay);
    EXPECT_EQ(s.faults[0].stream, std::nullopt);
    EXPECT_EQ(s.faults[0].fromNs, 10'000'000);
    EXPECT_EQ(s.faults[0].untilNs, std::optional<TimeNs>(20'000'000));
    EXPECT_EQ(s.faults[0].delayNs, 300'000);
    EXPECT_EQ(s.faults[1].kind, FaultKind::LostInterrupt);
    EXPECT_EQ(s.faults[1].stream, std::optional<std::size_t>(0));
    EXPECT_EQ(s.faults[1].count, 4u);
    EXPECT_EQ(s.faults[2].kind, FaultKind::LateClient);
    EXPECT_EQ(s.faults[2].stream, std::optional<std::size_t>(1));
    EXPECT_EQ(s.faults[2].delayNs, 600'000);
    EXPECT_EQ(s.faults[3].kind, FaultKind::StalledClient);
    EXPECT_EQ(s.faults[3].untilNs, std::nullopt);
    EXPECT_EQ(s.faults[4].kind, FaultKind::DescriptorError);
    EXPECT_EQ(s.faults[4].fromNs, 70'000'000);
}

TEST(ScenarioLoader, DefaultsMatchTheSpecsDefaults) {
    const ScenarioLoadResult r = load("{\"streams\": [{\"stack\": \"wavert\"}]}");
    ASSERT_TRUE(r.ok()) << r.errorText().toStdString();
    const ScenarioSpec def;
    EXPECT_EQ(r.spec->seed, def.seed);
    EXPECT_EQ(r.spec->durationNs, def.durationNs);
    EXPECT_EQ(r.spec->osVersion, def.osVersion);
    EXPECT_FALSE(r.spec->interference.enabled);
    const StreamSpec defStream;
    EXPECT_EQ(r.spec->streams[0].format, defStream.format);
    EXPECT_EQ(r.spec->streams[0].wavert.bufferMs, defStream.wavert.bufferMs);
    EXPECT_EQ(r.spec->streams[0].signal.kind, SignalKind::Tone);
}

// The complete example of docs/scenario.md is a valid scenario (its audio
// file is not opened: it is an example path).
TEST(ScenarioLoader, TheSchemaDocumentsExampleLoads) {
    QFile doc(QStringLiteral(PORTSCOPE_SOURCE_DIR "/docs/scenario.md"));
    ASSERT_TRUE(doc.open(QIODevice::ReadOnly));
    const QByteArray text = doc.readAll();
    const int begin = text.indexOf("```json\n");
    ASSERT_GE(begin, 0);
    const int end = text.indexOf("```", begin + 8);
    ASSERT_GT(end, begin);
    ScenarioLoadOptions options;
    options.checkAudioFiles = false;
    const ScenarioLoadResult r = load(text.mid(begin + 8, end - begin - 8), options);
    ASSERT_TRUE(r.ok()) << r.errorText().toStdString();
    EXPECT_EQ(r.spec->name, "example");
    EXPECT_EQ(r.spec->streams.size(), 2u);
    EXPECT_EQ(r.spec->actions.size(), 3u);
    EXPECT_EQ(r.spec->faults.size(), 2u);
    EXPECT_TRUE(r.spec->interference.enabled);
}

}  // namespace
}  // namespace ps
