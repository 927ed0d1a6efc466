#!/bin/sh
# Builds the LEMON peer of "linkmatch match --pairs" (see mcf.cpp).
# Needs Debian's liblemon-dev: apt-get install -y liblemon-dev
set -eu
cd "$(dirname "$0")"
g++ -O2 -std=c++17 -o mcf mcf.cpp
