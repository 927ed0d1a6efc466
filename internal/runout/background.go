package runout

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"slices"
	"sync"

	"github.com/linkmatch/linkmatch/internal/output"
)

// background writes a run's outputs on their own goroutines while the run
// goes on to its next stage (issue 15: a national timeline is 190 MB, its
// calendar 430 MB). Each file is staged in the batch on the calling
// goroutine — a Batch is not safe for concurrent use — and filled by its
// own goroutine, which alone touches the file's writer, so the bytes are
// those a sequential write gives. wait must return before the batch
// commits or aborts.
type background struct {
	b    *output.Batch
	wg   sync.WaitGroup
	mu   sync.Mutex
	errs []error
	kept map[string]*bytes.Buffer // copies kept for the report, by name
	// written are closed as each file is written, by name, so that the
	// report can begin while the large files are still being written.
	written map[string]chan struct{}
	// done is told of each file written, on the file's goroutine.
	done    func()
	started int // files started
}

// start stages path in the batch and writes it with fn on a new goroutine;
// with keep, a copy of the bytes is kept under name (kept).
func (g *background) start(path, name string, keep bool, fn func(io.Writer) error) error {
	w, finish, err := g.b.CreateFinish(path)
	if err != nil {
		return err
	}
	g.started++
	done := make(chan struct{})
	g.mu.Lock()
	if g.written == nil {
		g.kept, g.written = map[string]*bytes.Buffer{}, map[string]chan struct{}{}
	}
	g.written[name] = done
	if keep {
		buf := new(bytes.Buffer)
		g.kept[name] = buf
		w = io.MultiWriter(w, buf)
	}
	g.mu.Unlock()
	g.wg.Go(func() {
		defer close(done) // after the error, if any, is recorded
		err := fn(w)
		if err == nil {
			// On disk now, while the run goes on, rather than at Commit.
			err = finish()
		}
		if g.done != nil {
			g.done()
		}
		if err != nil {
			g.mu.Lock()
			g.errs = append(g.errs, err)
			g.mu.Unlock()
		}
	})
	return nil
}

// waitFor waits for the files of names that were started (the others
// may still be being written) and returns the errors of the files written
// so far.
func (g *background) waitFor(names ...string) error {
	for _, name := range names {
		g.mu.Lock()
		done := g.written[name]
		g.mu.Unlock()
		if done != nil {
			<-done
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return errors.Join(g.errs...)
}

// waitKept waits for every file started so far with a copy kept (start's
// keep), and returns the copies by name and the errors of the files
// written so far.
func (g *background) waitKept() (map[string][]byte, error) {
	g.mu.Lock()
	names := slices.Collect(maps.Keys(g.kept))
	g.mu.Unlock()
	if err := g.waitFor(names...); err != nil {
		return nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	kept := make(map[string][]byte, len(g.kept))
	for name, buf := range g.kept {
		kept[name] = buf.Bytes()
	}
	return kept, nil
}

// wait waits for every file started and returns their errors.
func (g *background) wait() error {
	g.wg.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	return errors.Join(g.errs...)
}
