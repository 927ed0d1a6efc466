package report

import (
	"bufio"
	"bytes"
	"sync"
	"sync/atomic"
)

// sectionChunk is how many children's sections a worker writes at a
// time: a national report's 7,000 are about a hundred chunks of half a
// megabyte, few enough to cost nothing to hand over, small enough that
// the chunks held at once (2 per worker) stay a few megabytes.
const sectionChunk = 64

// sections writes the children's sections of a view, with their charts
// (view.chart), in chunks of sectionChunk children on worker goroutines,
// and hands the chunks back in order (writeTo), so that the page's bytes
// are those of writing every section in turn. Chunks are taken in order
// (next) and each holds one of a bounded number of places (window),
// given back once the chunk is written: the chunk to write next is
// always taken before any later one holds a place, so the workers never
// wait on each other, and no more than the window is held.
type sections struct {
	v      *view
	done   []chan *bytes.Buffer // each chunk, once written
	next   atomic.Int64         // the next chunk to take
	window chan struct{}
	free   chan *bytes.Buffer // chunks' buffers, to use again
	stop   chan struct{}
	wg     sync.WaitGroup
}

// startSections starts writing v's sections on workers goroutines; with
// one worker or fewer, writeTo writes them itself.
func startSections(v *view, workers int) *sections {
	s := &sections{v: v, stop: make(chan struct{})}
	if workers <= 1 {
		return s
	}
	s.done = make([]chan *bytes.Buffer, (len(v.Children)+sectionChunk-1)/sectionChunk)
	for i := range s.done {
		s.done[i] = make(chan *bytes.Buffer, 1)
	}
	s.window, s.free = make(chan struct{}, 2*workers), make(chan *bytes.Buffer, 2*workers)
	for range workers {
		s.wg.Go(s.work)
	}
	return s
}

// work writes chunks, in the order taken, until none is left or close.
func (s *sections) work() {
	var bw *bufio.Writer
	for {
		select {
		case s.window <- struct{}{}:
		case <-s.stop:
			return
		}
		i := int(s.next.Add(1) - 1)
		if i >= len(s.done) {
			<-s.window
			return
		}
		var buf *bytes.Buffer
		select {
		case buf = <-s.free:
			buf.Reset()
		default:
			buf = new(bytes.Buffer)
		}
		if bw == nil {
			bw = bufio.NewWriterSize(buf, 64<<10)
		} else {
			bw.Reset(buf)
		}
		lo := i * sectionChunk
		s.write(bw, lo, min(lo+sectionChunk, len(s.v.Children)))
		_ = bw.Flush() // into a bytes.Buffer: no error
		s.done[i] <- buf
	}
}

// write writes the sections of children lo to hi-1, each with its chart
// laid out on a copy of its view: the page's head may be reading the
// views meanwhile.
func (s *sections) write(bw *bufio.Writer, lo, hi int) {
	for i := lo; i < hi; i++ {
		cv := s.v.Children[i]
		if cv.Gantt == nil {
			cv.Gantt = s.v.chart(&cv)
		}
		writeChild(childWriter{bw}, s.v, &cv)
	}
}

// writeTo writes every section to bw, in order.
func (s *sections) writeTo(bw *bufio.Writer) {
	if s.done == nil {
		s.write(bw, 0, len(s.v.Children))
		return
	}
	for _, done := range s.done {
		buf := <-done
		_, _ = bw.Write(buf.Bytes())
		select {
		case s.free <- buf:
		default:
		}
		<-s.window
	}
}

// close stops the workers, whether or not every section was written, and
// waits for them.
func (s *sections) close() {
	close(s.stop)
	s.wg.Wait()
}
