#!/bin/bash
# The GUI plays live: `portscope SCENARIO --run-for 3` (offscreen) plays a
# 1 kHz tone scenario in real time on a private PulseAudio null sink (see
# private_pulse.sh), the sink's monitor is recorded, and
# audio_capture_analyzer checks the recording (frequency within 1 Hz, no
# dropout over 2 ms, SNR over 60 dB). The program must say it played on the
# PulseAudio device, not on the timer.
#
#   gui_audio_playback_test.sh PORTSCOPE ANALYZER SCENARIO
set -u

GUI=$1
ANALYZER=$2
SCENARIO=$3

# shellcheck source=private_pulse.sh
source "$(dirname "$0")/private_pulse.sh"
start_private_pulse

capture=$RUNTIME/gui.raw
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
    --min-snr-db 60 --max-error-hz 1 --min-seconds 2.5 || exit 1
