#include <valgrind/callgrind.h>
void cg_zero(void){ CALLGRIND_ZERO_STATS; }
void cg_dump(const char*s){ CALLGRIND_DUMP_STATS_AT(s); }
void cg_on(void){ CALLGRIND_START_INSTRUMENTATION; }
void cg_off(void){ CALLGRIND_STOP_INSTRUMENTATION; }
int running_on_valgrind(void){ return RUNNING_ON_VALGRIND; }
