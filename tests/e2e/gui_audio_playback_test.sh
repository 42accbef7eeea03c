#!/bin/bash
# The GUI plays live: `portscope SCENARIO --run-for 3` (offscreen) plays a
# 1 kHz tone scenario in real time on a private PulseAudio null sink (see
# private_pulse.sh), the sink's monitor is recorded, and
# audio_capture_analyzer checks the recording (frequency within 1 Hz, no
# dropout over 2 ms, SNR over 60 dB). The program must say it played on the
# PulseAudio device, not on the timer. Then the server is stopped mid-run:
# the window must fall back to the timer and play on to the end. In between,
# a capture scenario records the monitor of the sink a tone plays on. A
# played window that fails while reporting host starvation is played again
# (at most MAX_STARVED_RETRIES times, see private_pulse.sh).
#
#   gui_audio_playback_test.sh PORTSCOPE ANALYZER SCENARIO
set -u

GUI=$1
ANALYZER=$2
SCENARIO=$3

# shellcheck source=private_pulse.sh
source "$(dirname "$0")/private_pulse.sh"
start_private_pulse

# One played window, its recording checked: 0 passes, 1 fails, 2 fails
# and the player reported that the host starved it (STARVED_BY says how).
# shellcheck disable=SC2317 # run through play_retrying_starved
play_and_check() {
    local capture=$RUNTIME/gui.raw rc
    start_recording "$capture"
    echo "=== portscope $(basename "$SCENARIO") --run-for 3"
    QT_QPA_PLATFORM=offscreen timeout 60 "$GUI" "$SCENARIO" --run-for 3 \
        >"$RUNTIME/gui.out" 2>"$RUNTIME/gui.err"
    rc=$?
    stop_recording
    cat "$RUNTIME/gui.err"
    [ "$rc" = 0 ] || fail "portscope exited with $rc"
    grep -q "portscope: played live to 3 s; audio: " "$RUNTIME/gui.err" ||
        fail "portscope did not report playing to 3 s"
    if grep -q "audio: none (timer)" "$RUNTIME/gui.err"; then
        fail "portscope paced by the timer instead of the PulseAudio device"
    fi
    echo "recorded $(stat -c %s "$capture") bytes"
    "$ANALYZER" "$capture" --rate 48000 --channels 2 --tone 1000 --max-gap-ms 2 \
        --min-snr-db 60 --max-error-hz 1 --min-seconds 2.5 && return 0
    STARVED_BY=$(player_starved "$RUNTIME/gui.err") || return 1
    return 2
}

play_retrying_starved play_and_check || fail "the recording does not pass"

# Capture from the input: while one window plays the 1 kHz tone (amplitude
# 0.5) into the null sink, another runs a capture scenario whose stream
# records from the default source, the sink's monitor; what its capture tape
# recorded must peak at the tone's level: 0.5, up to 0.65 where the
# resampler starts on the tone mid-wave (a step: its band-limited ringing
# overshoots, 0.558 measured), never the scenario signal's 0.8.
echo "=== portscope wavert-event-capture records the sink's monitor while a tone plays"
pactl set-default-source portscope_test.monitor || fail "cannot make the monitor the default source"
QT_QPA_PLATFORM=offscreen timeout 60 "$GUI" "$SCENARIO" --run-for 5 \
    >"$RUNTIME/player.out" 2>"$RUNTIME/player.err" &
PLAYER_PID=$!
sleep 2
QT_QPA_PLATFORM=offscreen timeout 60 "$GUI" wavert-event-capture --run-for 1.4 \
    >"$RUNTIME/capture.out" 2>"$RUNTIME/capture.err"
rc=$?
wait "$PLAYER_PID"
PLAYER_PID=
cat "$RUNTIME/capture.err"
[ "$rc" = 0 ] || fail "the capture window exited with $rc"
grep -q "input: portscope_test.monitor (1 capture tape(s), tape peak " "$RUNTIME/capture.err" ||
    fail "the capture stream did not record from the monitor"
peak=$(grep -o 'tape peak [0-9.]*' "$RUNTIME/capture.err" | cut -d' ' -f3)
awk -v p="${peak:-0}" 'BEGIN { exit !(p > 0.45 && p < 0.65) }' ||
    fail "the capture tape peaks at ${peak:-nothing}, not at the tone's 0.5"

# The sound server goes away mid-run: the window falls back to the timer,
# says why, and the session plays on to its end.
echo "=== the sound server stops while portscope plays"
QT_QPA_PLATFORM=offscreen timeout 60 "$GUI" "$SCENARIO" --run-for 3 \
    >"$RUNTIME/lost.out" 2>"$RUNTIME/lost.err" &
GUI_PID=$!
sleep 1.5
stop_private_pulse
wait "$GUI_PID"
rc=$?
cat "$RUNTIME/lost.err"
[ "$rc" = 0 ] || fail "portscope exited with $rc after the sound server stopped"
grep -q "portscope: played live to 3 s; audio: none (timer) — " "$RUNTIME/lost.err" ||
    fail "portscope did not report the timer fallback after the sound server stopped"
