// Package lib holds one exported identifier of every kind deadapi judges.
package lib

import "errors"

// Used is called by package app.
func Used(o Option) Result { return Result{Level: levelOf(o)} }

// Option is a parameter type of Used: users name it, so it counts as used.
type Option struct{ Verbose bool }

// Result is a result type of Used.
type Result struct{ Level Level }

// Level is the type of a field of Result; its values are an enumeration.
type Level int

// The levels: values of a type users meet.
const (
	Quiet Level = iota
	Loud
)

func levelOf(o Option) Level {
	if o.Verbose {
		return Loud
	}
	return Helper()
}

// Helper is exported but only this package calls it.
func Helper() Level { return Quiet }

// Dead is exported and nothing calls it (lib_test.go does).
func Dead() int { return 1 }

// ErrDead is exported and nothing uses it.
var ErrDead = errors.New("dead")

// String is called through fmt.Stringer, whoever names it.
func (l Level) String() string { return [...]string{"quiet", "loud"}[l] }

// Twice is a method nothing calls.
func (r Result) Twice() Result { return Result{Level: r.Level * 2} }
