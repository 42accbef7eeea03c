#!/bin/bash
# Live audio through a real sound server: a private PulseAudio with a null
# sink, the sink's monitor recorded with parec while `portscope-sim run
# SCENARIO --play --seconds 3` plays each scenario, and the recording checked
# by audio_capture_analyzer (frequency, dropouts, SNR). Also checks that the
# played run's trace equals an unpaced run's (live mode only paces), that
# --capture-input records what the sink's monitor hears, and that a run
# whose sound server goes away mid-run finishes on the steady clock.
#
#   audio_playback_test.sh PORTSCOPE_SIM ANALYZER SCENARIO...
#
# Only the PulseAudio and parec processes this script starts are stopped
# (by PID, on exit). Everything lives in a fresh XDG_RUNTIME_DIR.
set -u

SIM=$1
ANALYZER=$2
shift 2
TONE_HZ=1000
SECONDS_PLAYED=3

RUNTIME=$(mktemp -d /tmp/portscope-audio-test.XXXXXX)
chmod 700 "$RUNTIME"
PA_PID=
PAREC_PID=
cleanup() {
    if [ -n "$PAREC_PID" ]; then
        kill "$PAREC_PID" 2>/dev/null
        wait "$PAREC_PID" 2>/dev/null
    fi
    if [ -n "$PA_PID" ]; then
        kill "$PA_PID" 2>/dev/null
        wait "$PA_PID" 2>/dev/null
    fi
    rm -rf "$RUNTIME"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    if [ -f "$RUNTIME/pulse.log" ]; then
        echo "--- pulseaudio log (last lines)"
        tail -n 20 "$RUNTIME/pulse.log"
    fi
    exit 1
}

export XDG_RUNTIME_DIR=$RUNTIME
# PulseAudio keeps its cookie and state under HOME; keep them in the test's
# directory. The server socket is found through PULSE_SERVER (QtMultimedia
# included).
export HOME=$RUNTIME
export PULSE_SERVER=unix:$RUNTIME/pulse/native
unset PULSE_SINK PULSE_SOURCE

# As root PulseAudio only warns ("not intended to be run as root"); --system
# is not wanted (it disables SHM and needs other permissions). -n skips
# default.pa, so the native protocol socket is loaded by hand.
pulseaudio -n --daemonize=no --use-pid-file=no --exit-idle-time=-1 --disallow-exit \
    --log-target=file:"$RUNTIME/pulse.log" \
    --load=module-native-protocol-unix \
    --load="module-null-sink sink_name=portscope_test rate=48000" &
PA_PID=$!

ready=0
for _ in $(seq 100); do
    if ! kill -0 "$PA_PID" 2>/dev/null; then
        PA_PID=
        fail "pulseaudio exited during start-up"
    fi
    if pactl info >/dev/null 2>&1; then
        ready=1
        break
    fi
    sleep 0.1
done
[ "$ready" = 1 ] || fail "pulseaudio did not answer pactl info within 10 s"
pactl set-default-sink portscope_test || fail "cannot make portscope_test the default sink"
echo "pulseaudio $PA_PID ready: $(pactl info | grep -E 'Default Sink')"

status=0
for scenario in "$@"; do
    name=$(basename "$scenario" .json)
    capture=$RUNTIME/$name.raw
    # The recorder starts first: an idle null sink otherwise stalls a new
    # stream for up to 2 s before consuming anything.
    parec -d portscope_test.monitor --latency-msec=20 --rate=48000 --channels=2 \
        --format=s16le >"$capture" &
    PAREC_PID=$!
    sleep 2
    echo "=== $name: portscope-sim run --play --seconds $SECONDS_PLAYED"
    "$SIM" run "$scenario" --play --seconds "$SECONDS_PLAYED" --summary \
        >"$RUNTIME/$name.json" 2>"$RUNTIME/$name.err"
    rc=$?
    sleep 0.3
    kill "$PAREC_PID" 2>/dev/null
    wait "$PAREC_PID" 2>/dev/null
    PAREC_PID=
    cat "$RUNTIME/$name.err"
    if [ "$rc" != 0 ]; then
        echo "FAIL: $name: portscope-sim exited with $rc"
        status=1
        continue
    fi
    if ! grep -q "portscope-sim: audio: played on" "$RUNTIME/$name.err"; then
        echo "FAIL: $name: did not play on the PulseAudio device"
        status=1
        continue
    fi
    played=$(grep -o '"trace_sha256":"[0-9a-f]*"' "$RUNTIME/$name.json")
    "$SIM" run "$scenario" --seconds "$SECONDS_PLAYED" --summary >"$RUNTIME/$name.plain.json" ||
        status=1
    plain=$(grep -o '"trace_sha256":"[0-9a-f]*"' "$RUNTIME/$name.plain.json")
    if [ -z "$played" ] || [ "$played" != "$plain" ]; then
        echo "FAIL: $name: the played run's trace ($played) differs from the unpaced run's ($plain)"
        status=1
    fi
    echo "recorded $(stat -c %s "$capture") bytes"
    "$ANALYZER" "$capture" --rate 48000 --channels 2 --tone "$TONE_HZ" --max-gap-ms 2 \
        --min-snr-db 60 --max-error-hz 1 --min-seconds 2 || status=1
done
# Live input: while one run plays the 1 kHz tone into the null sink, a
# capture scenario records from the default source (the sink's monitor)
# with --capture-input; the input must have seen the tone's level.
echo "=== capture from the audio input (the sink's monitor) while a tone plays"
pactl set-default-source portscope_test.monitor || fail "cannot make the monitor the default source"
"$SIM" run wavepci-render --play --seconds 5 >/dev/null 2>"$RUNTIME/player.err" &
PLAYER_PID=$!
sleep 1
"$SIM" run wavert-event-capture --play --capture-input --seconds 3 --summary \
    >"$RUNTIME/capture.json" 2>"$RUNTIME/capture.err"
rc=$?
wait "$PLAYER_PID"
grep "audio input" "$RUNTIME/capture.err"
peak=$(grep -o '"live_input":{[^}]*}' "$RUNTIME/capture.json" | grep -o '"peak":[0-9.e+-]*' | cut -d: -f2)
received=$(grep -o '"live_input":{[^}]*}' "$RUNTIME/capture.json" |
    grep -o '"frames_received":[0-9]*' | cut -d: -f2)
if [ "$rc" != 0 ]; then
    echo "FAIL: the capture run exited with $rc"
    status=1
elif ! grep -q "recorded from" "$RUNTIME/capture.err"; then
    echo "FAIL: the capture run did not record from the audio input"
    status=1
elif ! awk -v p="${peak:-0}" -v n="${received:-0}" \
    'BEGIN { exit !(p > 0.45 && p < 0.55 && n > 48000 * 2.5) }'; then
    echo "FAIL: the input saw peak ${peak:-none} in ${received:-no} frames (want the tone's 0.5 in 2.5 s or more)"
    status=1
fi

# The sound server goes away mid-run: the run must go on, paced by the
# steady clock, and finish normally.
echo "=== the sound server stops during a played run"
"$SIM" run wavepci-render --play --seconds 3 --summary >"$RUNTIME/stop.json" \
    2>"$RUNTIME/stop.err" &
SIM_PID=$!
sleep 1.5
kill "$PA_PID" 2>/dev/null
wait "$PA_PID" 2>/dev/null
PA_PID=
wait "$SIM_PID"
rc=$?
grep "portscope" "$RUNTIME/stop.err"
if [ "$rc" != 0 ]; then
    echo "FAIL: portscope-sim exited with $rc after the sound server stopped"
    status=1
elif ! grep -q "pacing by the steady clock instead" "$RUNTIME/stop.err"; then
    echo "FAIL: portscope-sim did not say it fell back to the steady clock"
    status=1
elif ! grep -q '"sim_seconds":3[,}]' "$RUNTIME/stop.json"; then
    echo "FAIL: the run did not reach 3 simulated seconds: $(head -c 300 "$RUNTIME/stop.json")"
    status=1
fi
exit $status
