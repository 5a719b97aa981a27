#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro built from a cast Swift cannot import.
static inline sqlite3_destructor_type crossdock_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}
