#ifndef ATTRIBENCH_CZLIB_SHIM_H
#define ATTRIBENCH_CZLIB_SHIM_H
// zlib: inflates gzip-compressed dataset archives (ERASER's movies.tar.gz).
#include <zlib.h>
#endif
