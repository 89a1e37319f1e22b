# Shared by tools/serve and tools/test: installs the Debian packages the
# project needs, configures and builds a preset. Sourced, not run.

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
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

# What building and testing needs: compiler, build tools, fmt, Catch2, and
# python3 for the script that checks the course against the code; curl and
# nc (netcat-openbsd), which the course uses to talk to the servers.
BUILD_PACKAGES=(g++ cmake ninja-build libfmt-dev catch2 python3 curl netcat-openbsd)

# What the tests need besides: a real browser, for step 3's sample site, and
# wget, which resumes a download there.
TEST_PACKAGES=(chromium wget)

# Configures and builds one preset (default, debug, asan, tsan).
build_preset() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
}
