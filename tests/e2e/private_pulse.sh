# shellcheck shell=bash
# Sourced by the live-audio e2e tests: a private PulseAudio with a null sink
# "portscope_test" (the default sink), in a fresh XDG_RUNTIME_DIR, and
# helpers to record its monitor. Only the PulseAudio and parec processes
# started here are stopped (by PID, on exit).
#
#   source private_pulse.sh; start_private_pulse
#   start_recording FILE.raw; ...play...; stop_recording
#   fail MESSAGE   (prints the server's last log lines, exits 1)
#   player_starved FILE.err   (did the player report that the host starved it)
#   play_retrying_starved PLAY_AND_CHECK [ARGS...]   (the retries below)
#
# Retries: a played run whose recording fails is tried again, at most
# MAX_STARVED_RETRIES times, only when the player's own report shows that
# the host starved it: device underruns, or a device that processed less
# than the wall time of the play by more than STARVED_DEVICE_LOSS_MS (the
# null sink runs on the wall clock and processes nothing while the player
# is not scheduled to feed it; a healthy 3 s play loses about 100 ms to the
# device's start-up, a loaded CI machine once lost 1,195 ms). That is the
# host, not the emulated stack. A failure without such a report is never
# retried, and every retry is printed.

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

# shellcheck disable=SC2034 # read by the scripts that source this one
MAX_STARVED_RETRIES=2

STARVED_DEVICE_LOSS_MS=300

# True when the player's stderr report says the host starved it: "N device
# underruns" (portscope-sim) or "device underruns N" (portscope) over 0, or
# "device processed X ms in Y ms" with Y - X over STARVED_DEVICE_LOSS_MS.
player_starved() {
    local underruns times
    underruns=$(grep -oE '[0-9]+ device underruns|device underruns [0-9]+' "$1" |
        grep -oE '[0-9]+' | head -n 1)
    if [ "${underruns:-0}" != 0 ]; then
        echo "the player reported $underruns device underruns"
        return 0
    fi
    times=$(grep -oE 'device processed [0-9.]+ ms in [0-9.]+ ms' "$1" | head -n 1)
    [ -n "$times" ] || return 1
    awk -v limit="$STARVED_DEVICE_LOSS_MS" '{ lost = $6 - $3 }
        lost > limit { printf "the device processed %.1f ms less than the %.1f ms of wall time\n", lost, $6; found = 1 }
        END { exit !found }' <<<"$times"
}

export XDG_RUNTIME_DIR=$RUNTIME
# PulseAudio keeps its cookie and state under HOME; keep them in the test's
# directory. The server socket is found through PULSE_SERVER (QtMultimedia
# included).
export HOME=$RUNTIME
export PULSE_SERVER=unix:$RUNTIME/pulse/native
unset PULSE_SINK PULSE_SOURCE

start_private_pulse() {
    # As root PulseAudio only warns ("not intended to be run as root");
    # --system is not wanted (it disables SHM and needs other permissions).
    # -n skips default.pa, so the native protocol socket is loaded by hand.
    pulseaudio -n --daemonize=no --use-pid-file=no --exit-idle-time=-1 --disallow-exit \
        --log-target=file:"$RUNTIME/pulse.log" \
        --load=module-native-protocol-unix \
        --load="module-null-sink sink_name=portscope_test rate=48000" &
    PA_PID=$!

    local ready=0
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
}

stop_private_pulse() {
    kill "$PA_PID" 2>/dev/null
    wait "$PA_PID" 2>/dev/null
    PA_PID=
}

# The recorder starts first: an idle null sink otherwise stalls a new stream
# for up to 2 s before consuming anything.
start_recording() {
    parec -d portscope_test.monitor --latency-msec=20 --rate=48000 --channels=2 \
        --format=s16le >"$1" &
    PAREC_PID=$!
    sleep 2
}

stop_recording() {
    sleep 0.3
    kill "$PAREC_PID" 2>/dev/null
    wait "$PAREC_PID" 2>/dev/null
    PAREC_PID=
}

# Runs "$@", a played run and its check (0 passes, 1 fails, 2 fails and
# the player reported that the host starved it, STARVED_BY says how), and
# again while it returns 2, at most MAX_STARVED_RETRIES times, printing each
# retry. Returns the last run's result.
play_retrying_starved() {
    local retries=0 result
    while :; do
        "$@"
        result=$?
        if [ "$result" != 2 ] || [ "$retries" -ge "$MAX_STARVED_RETRIES" ]; then
            return "$result"
        fi
        retries=$((retries + 1))
        echo "RETRY $retries of $MAX_STARVED_RETRIES: $STARVED_BY (the host did not" \
            "schedule it in time); playing again"
    done
}
