#include <libpq-fe.h>

// The diagnostic field codes are character-literal macros, which Swift does not import.
static inline int crossdock_pg_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
static inline int crossdock_pg_diag_message_primary(void) { return PG_DIAG_MESSAGE_PRIMARY; }
