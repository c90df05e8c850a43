# Shared by ensure_graphviz.sh and ensure_browser.sh (source it; it defines functions only).

# apt_install PACKAGE: install a Debian package when that is possible without a password
# (running as root, or sudo that needs none). Returns 1 when it cannot, so the caller can
# print its own install instructions instead.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 1
    sudo_cmd="sudo"
  fi
  $sudo_cmd apt-get update -qq || return 1
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$1" >/dev/null
}
