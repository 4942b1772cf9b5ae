#ifndef LLMBENCH_CSQLITE_SHIM_H
#define LLMBENCH_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro Swift cannot import: SQLite copies the bound bytes.
static inline sqlite3_destructor_type llmbench_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// sqlite3_config is variadic: turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS), whose
/// global mutex every allocation takes. Only effective before SQLite initializes (returns SQLITE_MISUSE after).
static inline int llmbench_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
