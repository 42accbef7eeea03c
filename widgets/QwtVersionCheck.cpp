// Fails the build against any Qwt other than 6.1.x: the plots use 6.1's API
// (integer axis ids, qwt_*.h headers) and Debian bookworm ships 6.1.4.
#include <qwt_global.h>

static_assert(QWT_VERSION >= 0x060100 && QWT_VERSION < 0x060200,
              "PortScope's widgets are written against Qwt 6.1");
