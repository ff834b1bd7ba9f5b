/* embedded: files built into the binary by tools/embed.c (migrations,
 * stylesheet, bundled area and category data).  Each is NUL-terminated. */
#ifndef WA_EMBEDDED_H
#define WA_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *name;
	const char *data;
	size_t len;
};

extern const struct embedded_file embedded_files[];

/* The file called name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
