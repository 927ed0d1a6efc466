package runout

import (
	"bytes"
	"errors"
	"io"
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
	var buf *bytes.Buffer
	if keep {
		buf = new(bytes.Buffer)
		g.mu.Lock()
		if g.kept == nil {
			g.kept = map[string]*bytes.Buffer{}
		}
		g.kept[name] = buf
		g.mu.Unlock()
		w = io.MultiWriter(w, buf)
	}
	g.wg.Go(func() {
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

// wait waits for every file started and returns their errors.
func (g *background) wait() error {
	g.wg.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	return errors.Join(g.errs...)
}
