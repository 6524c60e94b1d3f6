#ifndef ATTRIBENCH_CJSON_SHIM_H
#define ATTRIBENCH_CJSON_SHIM_H
// json-c: the one JSON parser and writer of the project.
#include <json.h>
#endif
