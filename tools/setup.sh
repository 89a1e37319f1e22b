# Shared by tools/serve, tools/test, tools/fuzz and tools/test-catch2-v3:
# installs the Debian packages the project needs, configures and builds a
# preset. Sourced, not run.

# Installs whichever of the named Debian packages are missing: as root
# directly, otherwise through sudo; where neither works, prints the apt line
# to run and stops.
install_packages() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing missing packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "error: cannot install packages without root. Run this, then try again:" >&2
      echo "  sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  # Another apt run (an update in the background) holds the lock for a
  # while: wait for it rather than fail.
  local wait=(-o DPkg::Lock::Timeout=600)
  "${sudo[@]}" apt-get "${wait[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get "${wait[@]}" install -y -qq "${missing[@]}" >/dev/null
}

# What building and testing needs: compiler, build tools, fmt, Catch2, and
# python3 for the script that checks the course against the code; curl and
# nc (netcat-openbsd), which the course uses to talk to the servers.
BUILD_PACKAGES=(g++ cmake ninja-build libfmt-dev catch2 python3 curl netcat-openbsd)

# What the tests need besides: a real browser, for step 3's sample site, and
# wget, which resumes a download there.
TEST_PACKAGES=(chromium wget)

# What the clang preset and the fuzzers need besides: clang, and its
# runtime libraries (libFuzzer, the sanitizers).
CLANG_PACKAGES=(clang libclang-rt-dev)

# Configures a preset (default, debug, clang, catch2-v3, asan, tsan). Every
# warning is on; WARNINGS_AS_ERRORS=ON in the environment, which .ci/run
# sets, makes them errors. It is passed either way, so that a build folder
# CI has used goes back to warnings only.
configure_preset() {
  cmake --preset "$1" -DWARNINGS_AS_ERRORS="${WARNINGS_AS_ERRORS:-OFF}" >/dev/null
}

# Configures and builds one preset, all of it.
build_preset() {
  configure_preset "$1"
  cmake --build --preset "$1"
}
