/* Counts heap allocations for the benchmarks: an LD_PRELOAD shim that puts malloc, calloc, realloc,
   free, posix_memalign, aligned_alloc and memalign in front of glibc's own (__libc_malloc & co.),
   counting calls per thread slot with relaxed atomic loads and stores (no lock, no locked
   instruction, no cache line shared between two threads unless more than SLOTS threads allocate,
   when a count may be lost), then forwarding. valloc and pvalloc are not
   counted (nothing here uses them).

   Read from inside the process with dlsym(RTLD_DEFAULT, "llmbench_alloc_count") & co.: the sums over
   every thread so far. With LLMBENCH_ALLOC_OUT=PATH in the environment, the totals are also written
   to PATH at exit ("allocations N\nfrees N\nbytes N\npeak_rss_kb N\n", the last being VmHWM), for a
   child process measured from outside.

   Built by the bench with the system cc: cc -O2 -shared -fPIC -o alloc-count.so alloc-count.c
   (Benchmarks/llmbench-bench/AllocationCounter.swift). Linux/glibc only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

#define SLOTS 64

typedef struct {
    _Atomic uint64_t allocs, frees, bytes;
    char pad[64 - 3 * sizeof(uint64_t)];
} slot_t;

static slot_t slots[SLOTS] __attribute__((aligned(64)));
static _Atomic unsigned next_slot;
/* initial-exec: reading it never calls __tls_get_addr (which may allocate). */
static __thread int my_slot __attribute__((tls_model("initial-exec"))) = -1;

static inline slot_t *slot(void) {
    if (__builtin_expect(my_slot < 0, 0)) my_slot = (int)(atomic_fetch_add_explicit(&next_slot, 1, memory_order_relaxed) % SLOTS);
    return &slots[my_slot];
}

/* A relaxed load and store, not a read-modify-write: no locked instruction on the allocation path.
   A slot belongs to one thread unless more than SLOTS threads allocate, so no count is lost then. */
static inline void add(_Atomic uint64_t *c, uint64_t n) {
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n, memory_order_relaxed);
}

static inline void counted(size_t n) {
    slot_t *s = slot();
    add(&s->allocs, 1);
    add(&s->bytes, n);
}

void *malloc(size_t n) { counted(n); return __libc_malloc(n); }
void *calloc(size_t k, size_t n) { counted(k * n); return __libc_calloc(k, n); }
void *realloc(void *p, size_t n) { counted(n); return __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { counted(n); return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { counted(n); return __libc_memalign(a, n); }

int posix_memalign(void **out, size_t a, size_t n) {
    if (a < sizeof(void *) || (a & (a - 1)) != 0) return EINVAL;
    counted(n);
    void *p = __libc_memalign(a, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

void free(void *p) {
    if (p) add(&slot()->frees, 1);
    __libc_free(p);
}

static uint64_t sum(size_t offset) {
    uint64_t t = 0;
    for (int i = 0; i < SLOTS; i++) t += atomic_load_explicit((_Atomic uint64_t *)((char *)&slots[i] + offset), memory_order_relaxed);
    return t;
}

/* Allocator calls that hand out memory (malloc, calloc, realloc, the aligned ones) so far, all threads. */
uint64_t llmbench_alloc_count(void) { return sum(offsetof(slot_t, allocs)); }
/* free() calls with a non-null pointer so far. */
uint64_t llmbench_free_count(void) { return sum(offsetof(slot_t, frees)); }
/* Bytes asked for by those allocation calls so far (realloc counts its new size). */
uint64_t llmbench_alloc_bytes(void) { return sum(offsetof(slot_t, bytes)); }

__attribute__((destructor)) static void write_totals(void) {
    const char *path = getenv("LLMBENCH_ALLOC_OUT");
    if (!path || !*path) return;
    /* The process's own peak RSS (VmHWM, kB): a parent's ru_maxrss of a posix_spawn'ed child counts
       the parent's RSS at the spawn (the child shares its memory until exec). */
    long long hwm = -1;
    FILE *status = fopen("/proc/self/status", "r");
    if (status) {
        char line[256];
        while (fgets(line, sizeof line, status)) if (strncmp(line, "VmHWM:", 6) == 0) { hwm = atoll(line + 6); break; }
        fclose(status);
    }
    char text[192];
    int n = snprintf(text, sizeof text, "allocations %llu\nfrees %llu\nbytes %llu\npeak_rss_kb %lld\n", (unsigned long long)llmbench_alloc_count(),
                     (unsigned long long)llmbench_free_count(), (unsigned long long)llmbench_alloc_bytes(), hwm);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    if (write(fd, text, (size_t)n) != n) { /* nothing to do at exit */ }
    close(fd);
}
