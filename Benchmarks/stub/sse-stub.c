/* A minimal zero-delay (or paced) streaming stub for the transport benchmarks: one epoll thread,
   HTTP/1.1 keep-alive, every POST answered with an OpenAI-style chat completion stream of
   TOKENS content events, each its own chunk, then usage and [DONE].

   usage: sse-stub PORT_FILE [TOKENS] [INTERVAL_MS]
     INTERVAL_MS 0 (default): the whole response in one write, as fast as the client reads.
     INTERVAL_MS > 0: the first token INTERVAL_MS after the request, then one every INTERVAL_MS.
   The first content event of a paced stream carries "W<ns> R<ns> ": the CLOCK_MONOTONIC times it was
   written and the request was read, so the client's first-token and send times can be compared with them;
   the second carries "A<ns> ": when the first one's send() returned (a stub stalled between W and its
   send, preempted on a busy CPU, shows as A − W, not as client lateness). Listens on 127.0.0.1, port
   chosen by the kernel, written to PORT_FILE. Benchmark support only: no TLS, no pipelining, a
   request (head and body) is at most 8 KiB. Built by the bench with the system cc. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF 8192 /* a request head and body; 10,000 connections hold 80 MB */
#define SLOTS 4096 /* timer wheel of 1 ms slots, longer than any INTERVAL_MS used */

typedef struct conn {
    int fd;
    int len;
    int tokens_left; /* paced: content events still to send; -1 when idle */
    long long recv_ns;
    long long first_sent_ns; /* when the first content event's send() returned */
    struct conn *next; /* in a wheel slot */
    char buf[BUF];
} conn;

static int tokens = 32, interval_ms = 0;
static char *fast_resp; static int fast_len;
static conn *wheel[SLOTS];
static long long wheel_ms; /* the next slot to run, in ms of CLOCK_MONOTONIC */

static long long now_ns(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int chunk(char *out, const char *data) {
    int n = (int)strlen(data);
    return sprintf(out, "%x\r\n%s\r\n", n, data);
}

static const char *head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
static const char *role = "data: {\"id\":\"stub\",\"object\":\"chat.completion.chunk\",\"model\":\"stub\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n";

static int token_event(char *out, const char *text) {
    char ev[512];
    snprintf(ev, sizeof ev, "data: {\"id\":\"stub\",\"object\":\"chat.completion.chunk\",\"model\":\"stub\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"}}]}\n\n", text);
    return chunk(out, ev);
}

static int tail(char *out) {
    char ev[512]; int n = 0;
    n += chunk(out + n, "data: {\"id\":\"stub\",\"object\":\"chat.completion.chunk\",\"model\":\"stub\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    snprintf(ev, sizeof ev, "data: {\"id\":\"stub\",\"object\":\"chat.completion.chunk\",\"model\":\"stub\",\"choices\":[],\"usage\":{\"prompt_tokens\":128,\"completion_tokens\":%d,\"total_tokens\":%d}}\n\n", tokens, 128 + tokens);
    n += chunk(out + n, ev);
    n += chunk(out + n, "data: [DONE]\n\n");
    n += sprintf(out + n, "0\r\n\r\n");
    return n;
}

static void send_all(int fd, const char *p, int n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0) { if (errno == EINTR) continue; if (errno == EAGAIN) { usleep(50); continue; } return; }
        p += w; n -= (int)w;
    }
}

static void schedule(conn *c, long long at_ms) {
    int s = (int)(at_ms % SLOTS);
    c->next = wheel[s]; wheel[s] = c;
}

static void paced_step(conn *c) {
    char out[2048]; int n = 0;
    int first = c->tokens_left == tokens;
    if (first) {
        char text[64];
        snprintf(text, sizeof text, "W%lld R%lld ", now_ns(), c->recv_ns);
        n += token_event(out + n, text);
    } else if (c->tokens_left == tokens - 1) {
        char text[32];
        snprintf(text, sizeof text, "A%lld ", c->first_sent_ns);
        n += token_event(out + n, text);
    } else {
        n += token_event(out + n, "tok ");
    }
    c->tokens_left--;
    if (c->tokens_left == 0) { n += tail(out + n); c->tokens_left = -1; }
    send_all(c->fd, out, n);
    if (first) c->first_sent_ns = now_ns();
}

/* Answers every complete request in c->buf; returns -1 to close. */
static int serve(conn *c) {
    for (;;) {
        char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
        if (!end) return c->len >= BUF ? -1 : 0;
        int headlen = (int)(end - c->buf) + 4, body = 0;
        for (char *p = c->buf; p < end; p++) {
            if ((*p == '\n') && strncasecmp(p + 1, "content-length:", 15) == 0) { body = atoi(p + 16); break; }
        }
        if (body < 0 || headlen + body > BUF) return -1;
        if (c->len < headlen + body) return 0;
        memmove(c->buf, c->buf + headlen + body, c->len - headlen - body);
        c->len -= headlen + body;
        if (interval_ms == 0) {
            send_all(c->fd, fast_resp, fast_len);
        } else {
            char out[1024]; int n = sprintf(out, "%s", head);
            n += chunk(out + n, role);
            send_all(c->fd, out, n);
            c->tokens_left = tokens;
            c->recv_ns = now_ns();
            schedule(c, c->recv_ns / 1000000 + interval_ms);
            return 0; /* one request at a time per connection while paced */
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: sse-stub PORT_FILE [TOKENS] [INTERVAL_MS]\n"); return 64; }
    if (argc > 2) tokens = atoi(argv[2]);
    if (argc > 3) interval_ms = atoi(argv[3]);
    if (tokens < 1 || tokens > 100000 || interval_ms < 0 || interval_ms >= SLOTS) { fprintf(stderr, "sse-stub: bad arguments\n"); return 64; }
    struct rlimit rl; getrlimit(RLIMIT_NOFILE, &rl); rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_NOFILE, &rl);

    fast_resp = malloc(256 + (size_t)tokens * 300 + 2048);
    fast_len = sprintf(fast_resp, "%s", head);
    fast_len += chunk(fast_resp + fast_len, role);
    for (int i = 0; i < tokens; i++) fast_len += token_event(fast_resp + fast_len, "tok ");
    fast_len += tail(fast_resp + fast_len);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&a, sizeof a) || listen(lfd, 65535)) { perror("sse-stub: bind/listen"); return 1; }
    socklen_t al = sizeof a; getsockname(lfd, (struct sockaddr *)&a, &al);
    FILE *pf = fopen(argv[1], "w"); if (!pf) { perror("sse-stub: port file"); return 1; }
    fprintf(pf, "%d\n", ntohs(a.sin_port)); fclose(pf);

    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    struct epoll_event evs[1024];
    wheel_ms = now_ns() / 1000000;
    for (;;) {
        int n = epoll_wait(ep, evs, 1024, interval_ms ? 1 : -1);
        for (int i = 0; i < n; i++) {
            conn *c = evs[i].data.ptr;
            if (!c) {
                for (;;) {
                    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
                    if (fd < 0) break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conn *nc = calloc(1, sizeof *nc);
                    nc->fd = fd; nc->tokens_left = -1;
                    struct epoll_event cev = { .events = EPOLLIN, .data.ptr = nc };
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
                }
                continue;
            }
            ssize_t r = read(c->fd, c->buf + c->len, BUF - c->len);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd);
                if (c->tokens_left >= 0) { c->fd = -1; } else free(c); /* a paced one is freed by the wheel */
                continue;
            }
            c->len += (int)r;
            if (c->tokens_left < 0 && serve(c) < 0) { epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); free(c); }
        }
        if (interval_ms) {
            long long t = now_ns() / 1000000;
            for (; wheel_ms <= t; wheel_ms++) {
                int s = (int)(wheel_ms % SLOTS);
                conn *list = wheel[s]; wheel[s] = NULL;
                while (list) {
                    conn *c = list; list = c->next;
                    if (c->fd < 0) { free(c); continue; }
                    paced_step(c);
                    if (c->tokens_left > 0) schedule(c, wheel_ms + interval_ms);
                    else if (c->len > 0 && serve(c) < 0) { epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); free(c); }
                }
            }
        }
    }
}
