package dev

import (
	"context"
	"errors"

	"github.com/songnodes/pipeline/internal/stage"
)

// pausable runs a stage's loop so that it can be stopped for a while and
// started again: the dev process runs every stage's group in itself, so
// a replay has to stop the stage there, not ask the operator to.
type pausable struct {
	loop    stage.Runner
	pause   chan pauseRequest
	stopped chan struct{} // closed when Run returns
}

type pauseRequest struct {
	paused chan error    // the loop has stopped (nil) or failed
	resume chan struct{} // closed to start the loop again
}

func newPausable(loop stage.Runner) *pausable {
	return &pausable{loop: loop, pause: make(chan pauseRequest), stopped: make(chan struct{})}
}

// Run runs the loop until ctx ends or the loop fails, stopping it while
// a whilePaused call runs.
func (p *pausable) Run(ctx context.Context) error {
	defer close(p.stopped)
	for {
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- p.loop.Run(runCtx) }()
		select {
		case err := <-done:
			cancel()
			return err
		case req := <-p.pause:
			// Cancelling the loop's context is its clean shutdown: the
			// batch in flight commits or aborts, nothing more is
			// committed, and the group is left.
			cancel()
			err := <-done
			req.paused <- err
			if err != nil {
				return err
			}
			select {
			case <-req.resume:
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// whilePaused stops the loop, runs fn, and starts the loop again, whatever
// fn returns. Calls take turns.
func (p *pausable) whilePaused(ctx context.Context, fn func() error) error {
	req := pauseRequest{paused: make(chan error, 1), resume: make(chan struct{})}
	select {
	case p.pause <- req:
	case <-p.stopped:
		return errors.New("the stage is not running")
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := <-req.paused; err != nil {
		return err
	}
	defer close(req.resume)
	return fn()
}
