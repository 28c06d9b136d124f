/* SPDX-License-Identifier: ISC */
/* image.c: Imlib2 decode and libcaca dither into a bounded grid of cells. */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <Imlib2.h>
#include <caca.h>
#include <cjson/cJSON.h>

#include "chatroom.h"
#include "image.h"

static int		 image_check_file(const char *, char **);
static int		 image_known_format(const char *);
static const char	*image_load_error(Imlib_Load_Error);
static void		 image_size(u_int, u_int, u_int, u_int, u_int *,
			     u_int *);
static struct image	*image_alloc(u_int, u_int);
static uint8_t		 image_ansi(uint8_t, uint8_t);
static void		 image_from_canvas(caca_canvas_t *, struct image *);
static size_t		 image_encode(uint32_t, char *);
static int		 image_decode(const char *, size_t, uint32_t *);
static int		 image_parse_row(const char *, u_int, char **);
static int		 image_parse_colours(const char *, u_int, uint8_t *,
			     char **);
static int		 image_get_size(const struct cJSON *, const char *,
			     u_int, u_int *, char **);
static const struct cJSON *image_get_rows(const struct cJSON *, const char *,
			     u_int, char **);

static const char hex_digits[] = "0123456789abcdef";

/* The names libcaca knows, and the defaults used for NULL. */
static const char *image_charsets[] = { "ascii", "shades", "blocks", NULL };
static const char *image_dithers[] = {
	"fstein", "none", "ordered2", "ordered4", "ordered8", "random", NULL
};

/* Return 1 if name is a character set image_from_file accepts. */
int
image_check_charset(const char *name)
{
	u_int	i;

	for (i = 0; image_charsets[i] != NULL; i++) {
		if (strcmp(name, image_charsets[i]) == 0)
			return (1);
	}
	return (0);
}

/* Return 1 if name is a dithering algorithm image_from_file accepts. */
int
image_check_dither(const char *name)
{
	u_int	i;

	for (i = 0; image_dithers[i] != NULL; i++) {
		if (strcmp(name, image_dithers[i]) == 0)
			return (1);
	}
	return (0);
}

/*
 * Return 1 if a cell may hold this code point.  Only what the libcaca
 * charsets produce is allowed: printable ASCII, the middle dot of "shades"
 * and the block elements U+2580..U+259F, all one column wide (block elements
 * are East Asian "ambiguous" and may be two in some CJK terminal setups).
 */
int
image_cell_ok(uint32_t cp)
{
	if (cp >= 0x20 && cp <= 0x7e)
		return (1);
	if (cp == 0xb7)
		return (1);
	if (cp >= 0x2580 && cp <= 0x259f)
		return (1);
	return (0);
}

/* Check that path names a readable regular file, for clear errors. */
static int
image_check_file(const char *path, char **cause)
{
	struct stat	sb;
	int		fd;

	/* O_NONBLOCK: opening a FIFO must not hang the client. */
	if ((fd = open(path, O_RDONLY|O_NONBLOCK)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	close(fd);
	if (S_ISDIR(sb.st_mode)) {
		xasprintf(cause, "%s: %s", path, strerror(EISDIR));
		return (-1);
	}
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(cause, _("%s: not a regular file"), path);
		return (-1);
	}
	return (0);
}

/*
 * Does the file begin as a picture of a format Imlib2 has a loader for?
 * For a file that does not, Imlib2 tries every loader it has in turn,
 * each a decoder of hostile input and some a large library to load (its
 * JPEG XL loader's brings code that valgrind cannot run); a file that is
 * no picture is refused here with the same words instead.  TGA has no
 * signature, so its file name must end in .tga.
 */
static int
image_known_format(const char *path)
{
	static const struct {
		size_t		 off;
		const char	*magic;
		size_t		 len;
	} formats[] = {
		{ 0, "\x89PNG", 4 },
		{ 0, "\xff\xd8\xff", 3 },		/* JPEG */
		{ 0, "GIF8", 4 },
		{ 0, "BM", 2 },
		{ 0, "RIFF", 4 },			/* WebP, ANI */
		{ 0, "II*\0", 4 },			/* TIFF */
		{ 0, "MM\0*", 4 },
		{ 0, "\0\0\1\0", 4 },		/* ICO */
		{ 0, "\0\0\2\0", 4 },		/* CUR */
		{ 0, "/* XPM */", 9 },
		{ 0, "#define", 7 },			/* XBM */
		{ 0, "farbfeld", 8 },
		{ 0, "qoif", 4 },
		{ 0, "FORM", 4 },			/* ILBM */
		{ 0, "\xff\x0a", 2 },			/* JPEG XL */
		{ 0, "\0\0\0\x0cJXL ", 8 },
		{ 0, "\0\0\0\x0cjP  ", 8 },		/* JPEG 2000 */
		{ 4, "ftyp", 4 },			/* HEIF, AVIF */
		{ 0, "<?xml", 5 },			/* SVG */
		{ 0, "<svg", 4 },
	};
	u_char		 head[16];
	ssize_t		 n;
	size_t		 i, len;
	int		 fd;

	if ((fd = open(path, O_RDONLY|O_NONBLOCK)) == -1)
		return (1);	/* Imlib2 says why */
	n = read(fd, head, sizeof head);
	close(fd);
	if (n < 0)
		return (1);
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if ((size_t)n >= formats[i].off + formats[i].len &&
		    memcmp(head + formats[i].off, formats[i].magic,
		    formats[i].len) == 0)
			return (1);
	}
	/* PBM, PGM, PPM, PAM: P1 to P7. */
	if (n >= 2 && head[0] == 'P' && head[1] >= '1' && head[1] <= '7')
		return (1);
	len = strlen(path);
	return (len > 4 && strcasecmp(path + len - 4, ".tga") == 0);
}

/* Turn an Imlib2 load error into a sentence for the user. */
static const char *
image_load_error(Imlib_Load_Error error)
{
	switch (error) {
	case IMLIB_LOAD_ERROR_FILE_DOES_NOT_EXIST:
	case IMLIB_LOAD_ERROR_PATH_COMPONENT_NON_EXISTANT:
		return (strerror(ENOENT));
	case IMLIB_LOAD_ERROR_FILE_IS_DIRECTORY:
		return (strerror(EISDIR));
	case IMLIB_LOAD_ERROR_PERMISSION_DENIED_TO_READ:
		return (strerror(EACCES));
	case IMLIB_LOAD_ERROR_PATH_TOO_LONG:
		return (strerror(ENAMETOOLONG));
	case IMLIB_LOAD_ERROR_PATH_COMPONENT_NOT_DIRECTORY:
		return (strerror(ENOTDIR));
	case IMLIB_LOAD_ERROR_TOO_MANY_SYMBOLIC_LINKS:
		return (strerror(ELOOP));
	case IMLIB_LOAD_ERROR_OUT_OF_MEMORY:
		return (strerror(ENOMEM));
	case IMLIB_LOAD_ERROR_OUT_OF_FILE_DESCRIPTORS:
		return (strerror(EMFILE));
	case IMLIB_LOAD_ERROR_NO_LOADER_FOR_FILE_FORMAT:
		return (_("unsupported or corrupt image"));
	case IMLIB_LOAD_ERROR_IMAGE_READ:
		return (_("corrupt or truncated image"));
	case IMLIB_LOAD_ERROR_IMAGE_FRAME:
		return (_("no such frame in image"));
	default:
		return (_("cannot decode image"));
	}
}

/*
 * Work out the grid for an iw x ih picture at the requested width.  Cells are
 * about twice as tall as wide, so rows = width * ih / iw / 2, rounded; when
 * that is taller than max_h (0: IMAGE_MAX_H) the width shrinks to keep the
 * aspect ratio.  A picture is never enlarged: a cell per pixel at most.
 */
static void
image_size(u_int iw, u_int ih, u_int width, u_int max_h, u_int *w, u_int *h)
{
	uint64_t	rows, cols;

	if (width == 0)
		width = IMAGE_DEFAULT_W;
	if (width > IMAGE_MAX_W)
		width = IMAGE_MAX_W;
	if (width > iw)
		width = iw;
	if (max_h == 0 || max_h > IMAGE_MAX_H)
		max_h = IMAGE_MAX_H;

	rows = ((uint64_t)width * ih + iw) / (2 * (uint64_t)iw);
	if (rows > max_h) {
		rows = max_h;
		cols = ((uint64_t)max_h * 2 * iw + ih / 2) / ih;
		if (cols < width)
			width = cols;
		if (width < 1)
			width = 1;
	}
	if (rows < 1)
		rows = 1;
	*w = width;
	*h = rows;
}

/* Allocate an empty w x h image; rows are filled in by the caller. */
static struct image *
image_alloc(u_int w, u_int h)
{
	struct image	*im;

	im = xcalloc(1, sizeof *im);
	im->w = w;
	im->h = h;
	im->rows = xcalloc(h, sizeof *im->rows);
	im->fg = xcalloc(h, w);
	im->bg = xcalloc(h, w);
	return (im);
}

/* Encode one cell as UTF-8 into buf, which holds at least 4 bytes. */
static size_t
image_encode(uint32_t cp, char *buf)
{
	if (!image_cell_ok(cp))
		cp = '?';
	if (cp < 0x80) {
		buf[0] = cp;
		return (1);
	}
	if (cp < 0x800) {
		buf[0] = 0xc0 | (cp >> 6);
		buf[1] = 0x80 | (cp & 0x3f);
		return (2);
	}
	buf[0] = 0xe0 | (cp >> 12);
	buf[1] = 0x80 | ((cp >> 6) & 0x3f);
	buf[2] = 0x80 | (cp & 0x3f);
	return (3);
}

/*
 * Turn a libcaca colour (CACA_BLUE is 1, CACA_RED is 4, as on VGA) into the
 * ANSI SGR and curses order (red 1, blue 4): swap bits 0 and 2.  CACA_DEFAULT
 * and CACA_TRANSPARENT become dflt.
 */
static uint8_t
image_ansi(uint8_t c, uint8_t dflt)
{
	if (c > 15)
		return (dflt);
	return ((c & 0xa) | ((c & 1) << 2) | ((c & 4) >> 2));
}

/* Copy the characters and colours of a dithered canvas into im. */
static void
image_from_canvas(caca_canvas_t *cv, struct image *im)
{
	u_int		 x, y;
	uint32_t	 attr;
	char		*row;
	size_t		 off;

	for (y = 0; y < im->h; y++) {
		row = xmalloc((size_t)im->w * 3 + 1);
		off = 0;
		for (x = 0; x < im->w; x++) {
			off += image_encode(caca_get_char(cv, x, y), row + off);
			attr = caca_get_attr(cv, x, y);
			im->fg[y * im->w + x] =
			    image_ansi(caca_attr_to_ansi_fg(attr), 7);
			im->bg[y * im->w + x] =
			    image_ansi(caca_attr_to_ansi_bg(attr), 0);
		}
		row[off] = '\0';
		im->rows[y] = row;
	}
}

/*
 * Load the picture at path and dither it onto a grid width cells wide (0 for
 * the default) with the given charset and dither (NULL for "ascii" and
 * "fstein").  Imlib2 keeps global state, so call this from one thread only.
 */
int
image_from_file(const char *path, u_int width, u_int max_h,
    const char *charset, const char *dither, struct image **out, char **cause)
{
	Imlib_Image		 img;
	Imlib_Load_Error	 error = IMLIB_LOAD_ERROR_NONE;
	caca_canvas_t		*cv = NULL;
	caca_dither_t		*dt = NULL;
	struct image		*im = NULL;
	DATA32			*pixels;
	u_int			 iw, ih, w, h;
	uint32_t		 amask;

	*out = NULL;
	if (charset == NULL)
		charset = "ascii";
	if (dither == NULL)
		dither = "fstein";
	if (!image_check_charset(charset)) {
		xasprintf(cause, _("unknown character set: %s"), charset);
		return (-1);
	}
	if (!image_check_dither(dither)) {
		xasprintf(cause, _("unknown dithering: %s"), dither);
		return (-1);
	}
	if (image_check_file(path, cause) != 0)
		return (-1);
	if (!image_known_format(path)) {
		xasprintf(cause, "%s: %s", path,
		    image_load_error(IMLIB_LOAD_ERROR_NO_LOADER_FOR_FILE_FORMAT));
		return (-1);
	}

	img = imlib_load_image_with_error_return(path, &error);
	if (img == NULL) {
		xasprintf(cause, "%s: %s", path, image_load_error(error));
		return (-1);
	}
	imlib_context_set_image(img);
	iw = imlib_image_get_width();
	ih = imlib_image_get_height();
	pixels = imlib_image_get_data_for_reading_only();
	if (iw == 0 || ih == 0 || pixels == NULL) {
		xasprintf(cause, "%s: %s", path,
		    _("corrupt or truncated image"));
		goto fail;
	}
	image_size(iw, ih, width, max_h, &w, &h);

	/* Imlib2 hands out native-endian ARGB words. */
	amask = imlib_image_has_alpha() ? 0xff000000 : 0;
	dt = caca_create_dither(32, iw, ih, 4 * iw, 0x00ff0000, 0x0000ff00,
	    0x000000ff, amask);
	if (dt == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (caca_set_dither_charset(dt, charset) != 0 ||
	    caca_set_dither_algorithm(dt, dither) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((cv = caca_create_canvas(w, h)) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	caca_dither_bitmap(cv, 0, 0, w, h, dt, pixels);

	im = image_alloc(w, h);
	image_from_canvas(cv, im);

	caca_free_canvas(cv);
	caca_free_dither(dt);
	imlib_context_set_image(img);
	imlib_free_image_and_decache();
	*out = im;
	return (0);

fail:
	if (cv != NULL)
		caca_free_canvas(cv);
	if (dt != NULL)
		caca_free_dither(dt);
	imlib_context_set_image(img);
	imlib_free_image_and_decache();
	return (-1);
}

/*
 * Return the image as JSON object text, {"w":W,"h":H,"rows":[...],
 * "fg":[...],"bg":[...]}, with one hex digit per cell in the colour rows.
 * The result is at most IMAGE_JSON_MAX bytes; free it with free().
 */
char *
image_to_json(const struct image *im)
{
	cJSON	*obj, *rows, *fg, *bg, *item;
	char	*hex, *text, *out;
	u_int	 x, y;

	if ((obj = cJSON_CreateObject()) == NULL)
		fatalx("out of memory");
	if (cJSON_AddNumberToObject(obj, "w", im->w) == NULL ||
	    cJSON_AddNumberToObject(obj, "h", im->h) == NULL ||
	    (rows = cJSON_AddArrayToObject(obj, "rows")) == NULL ||
	    (fg = cJSON_AddArrayToObject(obj, "fg")) == NULL ||
	    (bg = cJSON_AddArrayToObject(obj, "bg")) == NULL)
		fatalx("out of memory");

	hex = xmalloc(im->w + 1);
	hex[im->w] = '\0';
	for (y = 0; y < im->h; y++) {
		item = cJSON_CreateString(im->rows[y]);
		if (!cJSON_AddItemToArray(rows, item))
			fatalx("out of memory");
		for (x = 0; x < im->w; x++)
			hex[x] = hex_digits[im->fg[y * im->w + x] & 0xf];
		if (!cJSON_AddItemToArray(fg, cJSON_CreateString(hex)))
			fatalx("out of memory");
		for (x = 0; x < im->w; x++)
			hex[x] = hex_digits[im->bg[y * im->w + x] & 0xf];
		if (!cJSON_AddItemToArray(bg, cJSON_CreateString(hex)))
			fatalx("out of memory");
	}
	free(hex);

	/* Copy so the caller frees with free() whatever cJSON's hooks are. */
	if ((text = cJSON_PrintUnformatted(obj)) == NULL)
		fatalx("out of memory");
	out = xstrdup(text);
	cJSON_free(text);
	cJSON_Delete(obj);
	return (out);
}

/* Decode one strict UTF-8 sequence; return its length or -1. */
static int
image_decode(const char *s, size_t len, uint32_t *cp)
{
	const u_char	*p = (const u_char *)s;
	size_t		 n, i;
	uint32_t	 c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else
		return (-1);
	if (len < n)
		return (-1);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (-1);
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (-1);
	*cp = c;
	return ((int)n);
}

/* Check that a received row is exactly w allowed one-column cells. */
static int
image_parse_row(const char *s, u_int w, char **cause)
{
	size_t		len = strlen(s), off = 0;
	uint32_t	cp;
	u_int		cells = 0;
	int		n;

	while (off < len) {
		if ((n = image_decode(s + off, len - off, &cp)) == -1) {
			*cause = xstrdup(_("invalid UTF-8 in image"));
			return (-1);
		}
		if (!image_cell_ok(cp)) {
			*cause = xstrdup(_("invalid character in image"));
			return (-1);
		}
		off += n;
		if (++cells > w)
			break;
	}
	if (cells != w) {
		*cause = xstrdup(_("image row has the wrong width"));
		return (-1);
	}
	return (0);
}

/* Parse a row of w hex digits into colour indices. */
static int
image_parse_colours(const char *s, u_int w, uint8_t *out, char **cause)
{
	u_int	x;
	char	c;

	if (strlen(s) != w) {
		*cause = xstrdup(_("image colour row has the wrong width"));
		return (-1);
	}
	for (x = 0; x < w; x++) {
		c = s[x];
		if (c >= '0' && c <= '9')
			out[x] = c - '0';
		else if (c >= 'a' && c <= 'f')
			out[x] = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			out[x] = c - 'A' + 10;
		else {
			*cause = xstrdup(_("invalid colour in image"));
			return (-1);
		}
	}
	return (0);
}

/* Read a whole number member between 1 and max. */
static int
image_get_size(const struct cJSON *obj, const char *name, u_int max,
    u_int *out, char **cause)
{
	const cJSON	*item;
	double		 d;

	item = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!cJSON_IsNumber(item)) {
		xasprintf(cause, _("image has no \"%s\""), name);
		return (-1);
	}
	d = item->valuedouble;
	if (!(d >= 1 && d <= max) || d != (double)(u_int)d) {
		xasprintf(cause, _("image \"%s\" out of range"), name);
		return (-1);
	}
	*out = (u_int)d;
	return (0);
}

/* Find an array member of exactly h strings. */
static const struct cJSON *
image_get_rows(const struct cJSON *obj, const char *name, u_int h,
    char **cause)
{
	const cJSON	*arr, *item;

	arr = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != (int)h) {
		xasprintf(cause, _("image \"%s\" is not %u rows"), name, h);
		return (NULL);
	}
	cJSON_ArrayForEach(item, arr) {
		if (!cJSON_IsString(item) || item->valuestring == NULL) {
			xasprintf(cause, _("image \"%s\" is not %u rows"), name,
			    h);
			return (NULL);
		}
	}
	return (arr);
}

/*
 * Build an image from the JSON object a peer sent, rejecting anything that
 * is not exactly what image_to_json makes.  Unknown members are ignored.
 */
struct image *
image_from_json(const struct cJSON *obj, char **cause)
{
	const cJSON	*rows, *fg, *bg, *item;
	struct image	*im;
	u_int		 w, h, y;

	if (!cJSON_IsObject(obj)) {
		*cause = xstrdup(_("image is not an object"));
		return (NULL);
	}
	if (image_get_size(obj, "w", IMAGE_MAX_W, &w, cause) != 0 ||
	    image_get_size(obj, "h", IMAGE_MAX_H, &h, cause) != 0)
		return (NULL);
	if ((rows = image_get_rows(obj, "rows", h, cause)) == NULL ||
	    (fg = image_get_rows(obj, "fg", h, cause)) == NULL ||
	    (bg = image_get_rows(obj, "bg", h, cause)) == NULL)
		return (NULL);

	im = image_alloc(w, h);
	y = 0;
	cJSON_ArrayForEach(item, rows) {
		if (image_parse_row(item->valuestring, w, cause) != 0)
			goto fail;
		im->rows[y++] = xstrdup(item->valuestring);
	}
	y = 0;
	cJSON_ArrayForEach(item, fg) {
		if (image_parse_colours(item->valuestring, w,
		    im->fg + (size_t)y++ * w, cause) != 0)
			goto fail;
	}
	y = 0;
	cJSON_ArrayForEach(item, bg) {
		if (image_parse_colours(item->valuestring, w,
		    im->bg + (size_t)y++ * w, cause) != 0)
			goto fail;
	}
	return (im);

fail:
	image_free(im);
	return (NULL);
}

/* Free an image and its rows. */
void
image_free(struct image *im)
{
	u_int	y;

	if (im == NULL)
		return;
	if (im->rows != NULL) {
		for (y = 0; y < im->h; y++)
			free(im->rows[y]);
		free(im->rows);
	}
	free(im->fg);
	free(im->bg);
	free(im);
}
