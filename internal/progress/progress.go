// Package progress draws a progress bar on a terminal for each stage of a
// long run and logs how long each stage took. It implements
// pipeline.Progress for the commands; the library packages know nothing of
// it.
package progress

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
)

// delay is how long a stage runs before its bar appears: a stage
// that ends sooner shows none, so small runs print nothing but their
// summary (issue 15: a bar for any stage that runs longer than about a
// second).
const delay = time.Second

// Bar draws a progress bar on standard error for each stage of a run
// that lasts longer than delay, and logs how long each stage took.
// It implements pipeline.Progress; the library packages know nothing of
// it. A nil *Bar does nothing. Bars are drawn only on a terminal and
// without --quiet or --log-format json (see Draw); the log lines are
// written regardless.
type Bar struct {
	w    io.Writer
	log  zerolog.Logger
	draw bool

	mu     sync.Mutex
	stage  string
	total  int
	done   int
	began  time.Time
	timer  *time.Timer
	bar    *progressbar.ProgressBar
	files  int  // output files written so far
	onFile bool // the current stage counts files written…
	base   int  // …after this many had been
}

// Draw reports whether a command's standard error is a terminal a
// person watches: bars there, and never in a file, a pipe or JSON logs.
func Draw(stderr io.Writer, quiet, json bool) bool {
	f, ok := stderr.(*os.File)
	return ok && !quiet && !json && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// New returns the bar of a command that writes to w (its standard error)
// and logs to log; with draw false it only logs.
func New(w io.Writer, log zerolog.Logger, draw bool) *Bar { return &Bar{w: w, log: log, draw: draw} }

// Begin starts a stage of total steps (0: not known) and returns the
// function each step calls (pipeline.Progress).
func (p *Bar) Begin(stage string, total int) func(done int) {
	if p == nil {
		return func(int) {}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stage, p.total, p.done, p.began, p.onFile = stage, total, 0, time.Now(), false
	if p.draw {
		p.timer = time.AfterFunc(delay, p.show)
	}
	return p.step
}

// show draws the current stage's bar, once it has run for delay.
func (p *Bar) show() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stage == "" || p.bar != nil {
		return
	}
	max := p.total
	if max <= 0 {
		max = -1 // a spinner with the time so far
	}
	p.bar = progressbar.NewOptions(max,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(p.stage),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetPredictTime(max > 0),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionUseANSICodes(true))
	_ = p.bar.Set(p.done)
}

// step records that done steps of the current stage are done.
func (p *Bar) step(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = done
	if p.bar != nil {
		_ = p.bar.Set(done)
	}
}

// End ends the current stage: its bar, if drawn, is cleared, and its time
// logged (pipeline.Progress).
func (p *Bar) End() {
	if p == nil {
		return
	}
	p.mu.Lock()
	stage, took := p.stage, time.Since(p.began)
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
		p.bar = nil
	}
	p.stage = ""
	p.mu.Unlock()
	p.log.Info().Str("stage", stage).Dur("took_ms", took).Msg("stage done")
}

// Stage starts one of the command's own stages (writing, the report) and
// returns the function that ends it.
func (p *Bar) Stage(stage string, total int) (end func()) {
	if p == nil {
		return func() {}
	}
	p.Begin(stage, total)
	return p.End
}

// Files starts the stage of waiting for the output files still being
// written — of started files in all, counted as they finish — and returns
// the function that ends it.
func (p *Bar) Files(stage string, started int) (end func()) {
	if p == nil {
		return func() {}
	}
	p.mu.Lock()
	pending := started - p.files
	p.mu.Unlock()
	p.Begin(stage, pending)
	p.mu.Lock()
	p.onFile, p.base = true, p.files
	p.mu.Unlock()
	return p.End
}

// FileDone is told, on a writer's goroutine, that an output file has been
// written.
func (p *Bar) FileDone() {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.files++
	on, n := p.onFile, p.files-p.base
	p.mu.Unlock()
	if on {
		p.step(n)
	}
}
