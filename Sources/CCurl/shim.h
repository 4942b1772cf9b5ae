#ifndef LLMBENCH_CCURL_SHIM_H
#define LLMBENCH_CCURL_SHIM_H
#include <curl/curl.h>
/* epoll and eventfd for the transport's loop: Swift's Glibc module does not import
   <sys/epoll.h> or <sys/eventfd.h>, so they come in through this header. */
#include <sys/epoll.h>
#include <sys/eventfd.h>

/* curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which Swift
   cannot call: each gets a typed wrapper here (as GRDB does for sqlite3_db_config). */

static inline CURLcode llmbench_easy_setopt_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode llmbench_easy_setopt_ptr(CURL *h, CURLoption o, const void *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode llmbench_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}
typedef size_t (*llmbench_write_cb)(char *, size_t, size_t, void *);
static inline CURLcode llmbench_easy_setopt_write(CURL *h, CURLoption o, llmbench_write_cb cb) {
    return curl_easy_setopt(h, o, cb);
}
typedef int (*llmbench_sockopt_cb)(void *, curl_socket_t, curlsocktype);
static inline CURLcode llmbench_easy_setopt_sockopt(CURL *h, llmbench_sockopt_cb cb) {
    return curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, cb);
}
typedef int (*llmbench_closesocket_cb)(void *, curl_socket_t);
static inline CURLcode llmbench_easy_setopt_closesocket(CURL *h, llmbench_closesocket_cb cb) {
    return curl_easy_setopt(h, CURLOPT_CLOSESOCKETFUNCTION, cb);
}
static inline CURLcode llmbench_easy_getinfo_long(CURL *h, CURLINFO i, long *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode llmbench_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode llmbench_easy_getinfo_ptr(CURL *h, CURLINFO i, void **v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLMcode llmbench_multi_setopt_long(CURLM *m, CURLMoption o, long v) {
    return curl_multi_setopt(m, o, v);
}
typedef int (*llmbench_socket_cb)(CURL *, curl_socket_t, int, void *, void *);
typedef int (*llmbench_timer_cb)(CURLM *, long, void *);
static inline CURLMcode llmbench_multi_setopt_ptr(CURLM *m, CURLMoption o, void *v) {
    return curl_multi_setopt(m, o, v);
}
static inline CURLMcode llmbench_multi_setopt_socket(CURLM *m, llmbench_socket_cb cb) {
    return curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, cb);
}
static inline CURLMcode llmbench_multi_setopt_timer(CURLM *m, llmbench_timer_cb cb) {
    return curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, cb);
}
#endif
