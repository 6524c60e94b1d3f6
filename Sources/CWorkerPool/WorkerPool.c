#include "CWorkerPool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

// Workers spin this long after a job for the next one before they sleep on the condition variable.
#define SPIN_NANOSECONDS 200000L
#define MAX_WORKERS 255

// Every worker takes part in every job (claiming parts from `next`, possibly none) and checks out in
// `checkedOut`; the submitter returns only when all have, so no worker can still be reading a job
// when the next one is published.
static struct {
    pthread_mutex_t submit;        // held by the thread whose job owns the pool
    pthread_mutex_t sleep;         // guards sleeping on `wake`
    pthread_cond_t wake;
    int workers;                   // started so far (only the submit holder changes it)
    _Atomic unsigned long generation;
    void (*fn)(void *, int);       // the job: written before `generation` is released
    void *context;
    int parts;
    _Atomic int next;              // the next unclaimed part
    _Atomic int finished;          // parts finished
    _Atomic int checkedOut;        // workers done with the current generation
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

static _Thread_local int inJob;

int attribench_pool_in_job(void) { return inJob; }

static long nanosecondsNow(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000000000L + now.tv_nsec;
}

static void runParts(void) {
    int done = 0;
    for (;;) {
        int part = atomic_fetch_add_explicit(&pool.next, 1, memory_order_relaxed);
        if (part >= pool.parts) break;
        pool.fn(pool.context, part);
        done++;
    }
    if (done) atomic_fetch_add_explicit(&pool.finished, done, memory_order_release);
}

/// `start` is the generation before the job that started the worker (which it must take part in).
static void *workerMain(void *start) {
    unsigned long seen = (unsigned long)(uintptr_t)start;
    inJob = 1;
    for (;;) {
        unsigned long generation = atomic_load_explicit(&pool.generation, memory_order_acquire);
        if (generation == seen) {
            long spinUntil = nanosecondsNow() + SPIN_NANOSECONDS;
            int polls = 0;
            while ((generation = atomic_load_explicit(&pool.generation, memory_order_acquire)) == seen) {
                CPU_RELAX();
                if (++polls % 64 == 0 && nanosecondsNow() > spinUntil) {
                    pthread_mutex_lock(&pool.sleep);
                    while ((generation = atomic_load_explicit(&pool.generation, memory_order_acquire)) == seen)
                        pthread_cond_wait(&pool.wake, &pool.sleep);
                    pthread_mutex_unlock(&pool.sleep);
                    break;
                }
            }
        }
        seen = generation;
        runParts();
        atomic_fetch_add_explicit(&pool.checkedOut, 1, memory_order_release);
    }
    return NULL;
}

/// Starts workers until there are `wanted` (the caller holds `submit`); returns how many exist.
static int ensureWorkers(int wanted) {
    if (wanted > MAX_WORKERS) wanted = MAX_WORKERS;
    while (pool.workers < wanted) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        unsigned long current = atomic_load_explicit(&pool.generation, memory_order_relaxed);
        int failed = pthread_create(&thread, &attributes, workerMain, (void *)(uintptr_t)current);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        pool.workers++;
    }
    return pool.workers;
}

/// Every part on the calling thread, which counts as inside a job meanwhile (nested regions run inline).
static void runInline(int parts, void (*fn)(void *, int), void *context) {
    int wasInJob = inJob;
    inJob = 1;
    for (int part = 0; part < parts; part++) fn(context, part);
    inJob = wasInJob;
}

void attribench_pool_run(int threads, int parts, void (*fn)(void *context, int part), void *context) {
    if (parts <= 0) return;
    if (parts == 1 || threads <= 1 || inJob || pthread_mutex_trylock(&pool.submit) != 0) {
        runInline(parts, fn, context);
        return;
    }
    int workers = ensureWorkers(threads - 1);
    if (workers == 0) {
        pthread_mutex_unlock(&pool.submit);
        runInline(parts, fn, context);
        return;
    }
    pool.fn = fn;
    pool.context = context;
    pool.parts = parts;
    atomic_store_explicit(&pool.next, 0, memory_order_relaxed);
    atomic_store_explicit(&pool.finished, 0, memory_order_relaxed);
    atomic_store_explicit(&pool.checkedOut, 0, memory_order_relaxed);
    pthread_mutex_lock(&pool.sleep);
    atomic_fetch_add_explicit(&pool.generation, 1, memory_order_release);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.sleep);

    inJob = 1;
    runParts();
    inJob = 0;
    // A worker may be waking up or waiting for a core (more threads than cores): yield after a while.
    for (long polls = 0; atomic_load_explicit(&pool.finished, memory_order_acquire) < parts
                         || atomic_load_explicit(&pool.checkedOut, memory_order_acquire) < workers; polls++) {
        if (polls < 4096) CPU_RELAX(); else sched_yield();
    }
    pthread_mutex_unlock(&pool.submit);
}
