/* SPDX-License-Identifier: ISC */
/* image.h: pictures as a bounded grid of coloured character cells. */

#ifndef IMAGE_H
#define IMAGE_H

#include <sys/types.h>

#include <stdint.h>

struct cJSON;

#define IMAGE_MAX_W	160	/* cells */
#define IMAGE_MAX_H	100	/* cells */
#define IMAGE_DEFAULT_W	80	/* cells, when the caller asks for width 0 */

/*
 * The longest JSON text image_to_json can produce.  Each row costs at most
 * 3 bytes per cell for its characters (the widest allowed glyph is a 3-byte
 * block element; '"' and '\\' escape to 2 bytes) plus 2 quotes and a comma,
 * and 1 hex digit per cell plus 3 bytes in each of "fg" and "bg": H * (5W + 9)
 * bytes, plus 64 for the braces and member names.  160x100 gives 80,964
 * bytes, well inside CR_IMAGE_LINE_MAX (192 KiB) with room for the frame.
 */
#define IMAGE_JSON_MAX \
	(IMAGE_MAX_H * (5 * IMAGE_MAX_W + 9) + 64)

struct image {
	u_int		  w;		/* cells */
	u_int		  h;		/* cells */
	char		**rows;		/* h UTF-8 rows of w 1-column cells */
	uint8_t		 *fg;		/* w * h colours, see below */
	uint8_t		 *bg;
};

/*
 * Colours are 0..15 in ANSI SGR order, the order of curses COLOR_*: 0 black,
 * 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan, 7 white, and 8..15
 * the bright forms of the same (8 + COLOR_x, or SGR 90 + n - 8).  libcaca's
 * own order (CACA_BLUE 1, CACA_RED 4) is converted in image_from_file.
 */

int		 image_from_file(const char *, u_int, u_int, const char *,
		     const char *, struct image **, char **);
char		*image_to_json(const struct image *);
struct image	*image_from_json(const struct cJSON *, char **);
void		 image_free(struct image *);
int		 image_check_charset(const char *);
int		 image_check_dither(const char *);
int		 image_cell_ok(uint32_t);

#endif
