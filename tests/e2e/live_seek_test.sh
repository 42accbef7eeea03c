#!/bin/bash
# A jump drops what the device still holds: live_seek_check plays a 1 kHz
# tone scenario live on a private PulseAudio null sink (private_pulse.sh),
# then jumps away from the run as the inspector does on a seek and lets the
# device idle. The sink's monitor is recorded; the tone in it must last no
# longer than what the player had made audible when it jumped (its
# audibleSimTimeNs) plus SLACK_MS for the sink's own latency. Without the
# flush the device's buffer (100 ms) of the old run plays on after the jump.
# A play the host starved (device underruns) is played again
# (play_retrying_starved).
#
#   live_seek_test.sh LIVE_SEEK_CHECK ANALYZER SCENARIO
set -u

CHECK=$1
ANALYZER=$2
SCENARIO=$3
SLACK_MS=30

# shellcheck source=private_pulse.sh
source "$(dirname "$0")/private_pulse.sh"
start_private_pulse

# 0 passes, 1 fails, 2 fails and the player reported device underruns.
# shellcheck disable=SC2317 # run through play_retrying_starved
play_and_check() {
    local capture=$RUNTIME/seek.raw rc line audible_ms flushes
    start_recording "$capture"
    echo "=== live_seek_check $(basename "$SCENARIO")"
    timeout 60 "$CHECK" "$SCENARIO" --play-ms 1200 --after-ms 600 \
        >"$RUNTIME/seek.out" 2>"$RUNTIME/seek.err"
    rc=$?
    stop_recording
    cat "$RUNTIME/seek.out" "$RUNTIME/seek.err"
    [ "$rc" = 0 ] || fail "live_seek_check exited with $rc"
    line=$(grep -o 'jumped at audible [0-9]* ms' "$RUNTIME/seek.out")
    audible_ms=${line//[^0-9]/}
    if [ -z "$audible_ms" ] || [ "$audible_ms" -le 500 ]; then
        fail "live_seek_check made only '${audible_ms:-nothing}' ms audible before the jump"
    fi
    flushes=$(grep -o 'device flushes [0-9]*' "$RUNTIME/seek.out" | grep -o '[0-9]*$')
    [ "${flushes:-0}" -ge 1 ] || fail "the device was not flushed at the jump"
    echo "recorded $(stat -c %s "$capture") bytes; the tone may last $((audible_ms + SLACK_MS)) ms"
    "$ANALYZER" "$capture" --rate 48000 --channels 2 --tone 1000 --max-gap-ms 2 \
        --min-snr-db 60 --max-error-hz 1 --min-seconds 0.4 \
        --max-seconds "$(awk -v a="$audible_ms" -v s="$SLACK_MS" 'BEGIN { printf "%.3f", (a + s) / 1000 }')" &&
        return 0
    STARVED_BY=$(player_starved "$RUNTIME/seek.out") || return 1
    return 2
}

play_retrying_starved play_and_check || fail "the recording does not pass"
echo "PASS"
