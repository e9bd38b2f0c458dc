/* job/build_queue.c - the documents of units and of the program, volumes and
 * packets on the worker threads, their lines in the order of the plan; see
 * build.h.
 *
 * The plan (build_sets.c, on the calling thread) decides every output name
 * in the order the documents have always been made, so names never depend
 * on which worker is faster. What each task reports while it runs (a
 * missing attachment, a row too tall for Excel) is recorded in its slot and
 * replayed by the calling thread in slot order, followed by the task's own
 * result line: the terminal shows the same lines in the same order at any
 * -j. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "job/build.h"

typedef struct build_slot {
    ws_arena *arena;      /* recorded events, the task's scratch; freed once replayed */
    ws_event *events;
    size_t nevents;
    build_task_fn work;   /* NULL: only lines said while planning */
    build_task_note_fn note;
    build_task_done_fn done;
    void *arg;
    bool needed;          /* a task after the barrier may need its output (not a 合订本) */
    bool waits;           /* added after the barrier: starts once every needed task before
                             it is finished and noted */
    size_t weight;        /* about the pages it makes: the heaviest startable task goes first */
    bool started;
    ws_status st;
    ws_err err;
    int pages;
    size_t made, failed, placeholders, over_pages, tall_rows; /* counted by the task itself */
    bool finished;
} build_slot;

struct build_queue {
    build_run *run;
    build_run real;       /* run as it was: its on_event reaches the caller */
    build_slot *slots;
    size_t n, cap;
    bool barrier;         /* tasks added now wait for the needed ones before */
    size_t needed_left;   /* needed tasks before the barrier not finished yet */
    size_t next;          /* the next slot a worker looks at */
    bool failed_alloc;
    pthread_mutex_t lock;
    pthread_cond_t cond;
};

static const char *keep(ws_arena *a, const char *s)
{
    return s ? ws_arena_strdup(a, s) : NULL;
}

/* An event kept for later: its strings copied into the slot's arena. */
static bool record_into(build_slot *slot, const ws_event *ev)
{
    if (!slot->arena && !(slot->arena = ws_arena_create(4096))) return false;
    ws_arena *a = slot->arena;
    ws_event *evs = ws_arena_grow(a, slot->events, slot->nevents, slot->nevents + 1, sizeof *evs);
    if (!evs) return false;
    ws_event c = *ev;
    c.text = keep(a, ev->text);
    c.file = keep(a, ev->file);
    c.who = keep(a, ev->who);
    c.doc = keep(a, ev->doc);
    c.reason = keep(a, ev->reason);
    c.summary = NULL;
    const char **paths = ev->npaths ? ws_arena_calloc(a, ev->npaths, sizeof *paths) : NULL;
    const char **docs = ev->npaths && ev->path_docs ? ws_arena_calloc(a, ev->npaths, sizeof *docs)
                                                    : NULL;
    for (size_t i = 0; paths && i < ev->npaths; i++) paths[i] = keep(a, ev->paths[i]);
    for (size_t i = 0; docs && i < ev->npaths; i++) docs[i] = keep(a, ev->path_docs[i]);
    c.paths = paths;
    c.path_docs = docs;
    if (!paths) c.npaths = 0;
    evs[slot->nevents++] = c;
    slot->events = evs;
    return true;
}

/* While planning, run->on_event: into the slot being filled. */
static void record_planned(const ws_event *ev, void *user)
{
    build_queue *q = user;
    if (!record_into(&q->slots[q->n - 1], ev)) q->failed_alloc = true;
}

/* While a task runs, its run's on_event: into its slot. A line lost to a
 * failed allocation is the only thing a full memory can cost here. */
static void record_task(const ws_event *ev, void *user)
{
    record_into(user, ev);
}

static build_slot *open_slot(build_queue *q)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 32;
        build_slot *s = realloc(q->slots, cap * sizeof *s);
        if (!s) return NULL;
        q->slots = s, q->cap = cap;
    }
    build_slot *slot = &q->slots[q->n++];
    *slot = (build_slot){0};
    return slot;
}

build_queue *ws_build_queue_create(build_run *run)
{
    build_queue *q = calloc(1, sizeof *q);
    if (!q || !open_slot(q)) {
        free(q);
        return NULL;
    }
    q->run = run;
    q->real = *run;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
    run->on_event = record_planned;
    run->user = q;
    return q;
}

bool ws_build_queue_add(build_queue *q, build_task_fn work, build_task_note_fn note,
                        build_task_done_fn done, void *arg, size_t weight)
{
    if (!open_slot(q)) return false; /* the next lines' slot first: nothing half added */
    build_slot *slot = &q->slots[q->n - 2];
    slot->work = work;
    slot->note = note;
    slot->done = done;
    slot->arg = arg;
    slot->needed = note != NULL && !q->barrier;
    slot->waits = q->barrier;
    slot->weight = weight;
    q->needed_left += slot->needed;
    return true;
}

void ws_build_queue_barrier(build_queue *q)
{
    q->barrier = true;
}

/* Runs one task with a run of its own: its arena, its lines recorded, its counters. */
static void run_task(build_queue *q, build_slot *slot, build_tools *t)
{
    if (!slot->arena) slot->arena = ws_arena_create(4096);
    build_run mine = q->real;
    mine.arena = slot->arena;
    mine.on_event = record_task;
    mine.user = slot;
    mine.made = mine.failed = mine.placeholders = mine.over_pages = mine.tall_rows = 0;
    ws_err_clear(&slot->err);
    slot->st = slot->arena ? slot->work(&mine, t, slot->arg, &slot->pages, &slot->err)
                           : ws_err_set(&slot->err, WS_ERR_NOMEM, "内存不足");
    slot->made = mine.made, slot->failed = mine.failed;
    slot->placeholders = mine.placeholders, slot->over_pages = mine.over_pages;
    slot->tall_rows = mine.tall_rows;
    ws_arena_reset(t->arena);
}

/* The task a free worker starts (under q->lock): the heaviest of those not
 * started that may start now, else the heaviest of those that wait; the
 * first added among equals. NULL when every task is started. */
static build_slot *next_task(build_queue *q)
{
    while (q->next < q->n && (!q->slots[q->next].work || q->slots[q->next].started)) q->next++;
    build_slot *ready = NULL, *waiting = NULL;
    for (size_t i = q->next; i < q->n; i++) {
        build_slot *s = &q->slots[i];
        if (!s->work || s->started) continue;
        build_slot **best = s->waits && q->needed_left > 0 ? &waiting : &ready;
        if (!*best || s->weight > (*best)->weight) *best = s;
    }
    return ready ? ready : waiting;
}

typedef struct queue_worker {
    build_queue *q;
    build_tools *tools;
} queue_worker;

static void *queue_worker_main(void *arg)
{
    queue_worker *w = arg;
    build_queue *q = w->q;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        build_slot *slot = next_task(q);
        if (!slot) break;
        slot->started = true;
        while (slot->waits && q->needed_left > 0) pthread_cond_wait(&q->cond, &q->lock);
        pthread_mutex_unlock(&q->lock);
        run_task(q, slot, w->tools);
        pthread_mutex_lock(&q->lock); /* the run's arena and outputs: one thread at a time */
        if (slot->note) slot->note(q->run, slot->arg, slot->st, slot->pages);
        q->needed_left -= slot->needed;
        slot->finished = true;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

/* Says slot i's lines through the real run, then its result. */
static void replay(build_queue *q, build_slot *slot)
{
    build_run *run = q->run;
    for (size_t e = 0; e < slot->nevents; e++) run->on_event(&slot->events[e], run->user);
    run->made += slot->made;
    run->failed += slot->failed;
    run->placeholders += slot->placeholders;
    run->over_pages += slot->over_pages;
    run->tall_rows += slot->tall_rows;
    pthread_mutex_lock(&q->lock); /* workers note outputs in the run meanwhile */
    if (slot->work && slot->done) slot->done(run, slot->arg, slot->st, slot->pages, &slot->err);
    pthread_mutex_unlock(&q->lock);
    ws_arena_destroy(slot->arena);
    slot->arena = NULL;
}

void ws_build_queue_run(build_queue *q, build_tools *tools, int ntools)
{
    build_run *run = q->run;
    run->on_event = q->real.on_event;
    run->user = q->real.user;
    q->real = *run; /* what planning added (names, counters) is the tasks' too */
    if (q->failed_alloc) {
        ws_event ev = {.kind = WS_EVENT_LINE, .level = WS_EVENT_WARNING};
        ws_build_emit(run, &ev, "[警告] 内存不足，部分提示未能显示");
    }
    queue_worker *ws = calloc((size_t)ntools, sizeof *ws);
    pthread_t *threads = calloc((size_t)ntools, sizeof *threads);
    int started = 0;
    for (int i = 0; ws && threads && i < ntools; i++) {
        ws[i] = (queue_worker){q, &tools[i]};
        if (pthread_create(&threads[i], NULL, queue_worker_main, &ws[i]) != 0) break;
        started++;
    }
    if (started == 0) { /* no thread: the calling thread does the work itself */
        queue_worker self = {q, &tools[0]};
        for (size_t i = 0; i < q->n; i++) {
            build_slot *slot = &q->slots[i];
            if (slot->work) run_task(q, slot, self.tools);
            if (slot->work && slot->note) slot->note(q->run, slot->arg, slot->st, slot->pages);
            replay(q, slot);
        }
    }
    for (size_t i = 0; started > 0 && i < q->n; i++) {
        build_slot *slot = &q->slots[i];
        pthread_mutex_lock(&q->lock);
        while (slot->work && !slot->finished) pthread_cond_wait(&q->cond, &q->lock);
        pthread_mutex_unlock(&q->lock);
        replay(q, slot);
    }
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    free(ws);
    free(threads);
}

void ws_build_queue_destroy(build_queue *q)
{
    if (!q) return;
    for (size_t i = 0; i < q->n; i++) ws_arena_destroy(q->slots[i].arena);
    free(q->slots);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->cond);
    free(q);
}
