#ifndef ATTRIBENCH_CWORKERPOOL_H
#define ATTRIBENCH_CWORKERPOOL_H

// A fork-join pool of worker threads that spin briefly between jobs before they sleep, so the many
// short parallel regions of a batch-1 forward pass (about 50 per MiniLM pass, tens of microseconds
// each) do not each pay for waking a sleeping thread, as libdispatch's concurrentPerform does.

#ifdef __cplusplus
extern "C" {
#endif

/// Runs fn(context, part) for part in 0..<parts on the calling thread and the pool's workers (at least
/// threads - 1 of them, created on first need), and returns when every part has finished. Threads claim
/// parts one at a time, so with more parts than threads a thread that a busy core slows takes fewer.
/// When another thread's job holds the pool, or the caller is itself running a part, the parts run on
/// the calling thread.
void attribench_pool_run(int threads, int parts, void (*fn)(void *context, int part), void *context);

/// 1 while the calling thread runs a part of a pool job (or is a pool worker), else 0.
int attribench_pool_in_job(void);

#ifdef __cplusplus
}
#endif

#endif
