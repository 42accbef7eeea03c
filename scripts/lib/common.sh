# Shared by scripts/run and scripts/test: Debian package checks and the build.
# Sourced, not executed. Expects $PORTSCOPE_ROOT to be the repository root.

# Every Debian package PortScope needs to build, run and test.
PORTSCOPE_PACKAGES=(
  cmake make g++ pkgconf clang libclang-rt-14-dev
  qtbase5-dev qtmultimedia5-dev libqt5multimedia5-plugins libqwt-qt5-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsndfile1-dev libsoxr-dev
  pulseaudio pulseaudio-utils xvfb xauth
)

log() { printf '[portscope] %s\n' "$*" >&2; }

# Installs the packages of PORTSCOPE_PACKAGES that are missing, with apt-get,
# when running as root; otherwise lists them and fails.
ensure_packages() {
  local missing=() pkg
  for pkg in "${PORTSCOPE_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all ${#PORTSCOPE_PACKAGES[@]} required Debian packages are installed"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing[*]}"
    log "install them as root:  apt-get install -y ${missing[*]}"
    exit 1
  fi
  log "installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
    log "apt-get install failed; refreshing the package lists and trying again"
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

portscope_jobs() { nproc 2>/dev/null || echo 2; }

# configure_and_build BUILD_DIR [cmake options...]
configure_and_build() {
  local dir=$1
  shift
  log "configuring $dir"
  cmake -S "$PORTSCOPE_ROOT" -B "$PORTSCOPE_ROOT/$dir" "$@" >/dev/null
  log "building $dir with $(portscope_jobs) jobs"
  cmake --build "$PORTSCOPE_ROOT/$dir" --parallel "$(portscope_jobs)"
}
