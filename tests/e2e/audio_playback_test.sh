#!/bin/bash
# Live audio through a real sound server: a private PulseAudio with a null
# sink, the sink's monitor recorded with parec while `portscope-sim run
# SCENARIO --play --seconds 3` plays each scenario, and the recording checked
# by audio_capture_analyzer (frequency, dropouts, SNR). Also checks that the
# played run's trace equals an unpaced run's (live mode only paces), that
# --capture-input records what the sink's monitor hears, and that a run
# whose sound server goes away mid-run finishes on the steady clock. A run
# that fails while its player reports host starvation is played again (at
# most MAX_STARVED_RETRIES times, see private_pulse.sh).
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

# shellcheck source=private_pulse.sh
source "$(dirname "$0")/private_pulse.sh"
start_private_pulse

# One played run of SCENARIO, its recording checked. Returns 0 when it
# passes, 1 when it fails, 2 when its recording fails and the player
# reported that the host starved it (STARVED_BY says how; see
# private_pulse.sh).
# shellcheck disable=SC2317 # run through play_retrying_starved
play_and_check() {
    local scenario=$1 name capture rc played plain
    name=$(basename "$scenario" .json)
    capture=$RUNTIME/$name.raw
    start_recording "$capture"
    echo "=== $name: portscope-sim run --play --seconds $SECONDS_PLAYED"
    "$SIM" run "$scenario" --play --seconds "$SECONDS_PLAYED" --summary \
        >"$RUNTIME/$name.json" 2>"$RUNTIME/$name.err"
    rc=$?
    stop_recording
    cat "$RUNTIME/$name.err"
    if [ "$rc" != 0 ]; then
        echo "FAIL: $name: portscope-sim exited with $rc"
        return 1
    fi
    if ! grep -q "portscope-sim: audio: played on" "$RUNTIME/$name.err"; then
        echo "FAIL: $name: did not play on the PulseAudio device"
        return 1
    fi
    played=$(grep -o '"trace_sha256":"[0-9a-f]*"' "$RUNTIME/$name.json")
    "$SIM" run "$scenario" --seconds "$SECONDS_PLAYED" --summary >"$RUNTIME/$name.plain.json" ||
        return 1
    plain=$(grep -o '"trace_sha256":"[0-9a-f]*"' "$RUNTIME/$name.plain.json")
    if [ -z "$played" ] || [ "$played" != "$plain" ]; then
        echo "FAIL: $name: the played run's trace ($played) differs from the unpaced run's ($plain)"
        return 1
    fi
    echo "recorded $(stat -c %s "$capture") bytes"
    if "$ANALYZER" "$capture" --rate 48000 --channels 2 --tone "$TONE_HZ" --max-gap-ms 2 \
        --min-snr-db 60 --max-error-hz 1 --min-seconds 2; then
        return 0
    fi
    STARVED_BY=$(player_starved "$RUNTIME/$name.err") || return 1
    return 2
}

status=0
for scenario in "$@"; do
    play_retrying_starved play_and_check "$scenario" || status=1
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
stop_private_pulse
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
