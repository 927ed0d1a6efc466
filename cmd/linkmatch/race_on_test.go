//go:build race

package main

// raceEnabled: the race detector shadows memory, so an address-space cap
// cannot make the runtime run out of memory as it otherwise would.
const raceEnabled = true
