/*
 * xml_guard.c -- decides, with libxml2's own parser, whether an XML file
 * declares entities before the GraphML and GEXF readers read it.
 *
 * erg never expands entities, and refuses a document whose DOCTYPE
 * declares any: expanding "billion laughs" style entities can exhaust time
 * and memory, and silently accepting a declaration erg then ignores would
 * misread the file.  A scan of the first bytes for "<!ENTITY" cannot tell
 * a declaration from the same text inside a comment, a quoted SYSTEM
 * literal or an ATTLIST default, nor read a UTF-16 file, nor see past its
 * buffer; the parser can.
 */
#include "io.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

typedef struct guard {
    xmlParserCtxtPtr ctxt;
    int fd;
    int read_errno;  /* a read of fd failed */
    bool nomem;      /* libxml2 ran out of memory */
    int first_error; /* libxml2's code of the first error, 0: none */
    erg__xml_prolog *out;
} guard;

static int guard_read(void *ud, char *buf, int len) {
    guard *gd = ud;
    for (;;) {
        ssize_t got = read(gd->fd, buf, (size_t)len);
        if (got >= 0) return (int)got;
        if (errno == EINTR) continue;
        gd->read_errno = errno;
        return -1;
    }
}

/* Any entity declaration, general or parameter, internal or external,
 * ends the parse: nothing declared is ever expanded. */
static void guard_entity(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
                         const xmlChar *system_id, xmlChar *content) {
    guard *gd = ud;
    (void)name, (void)type, (void)public_id, (void)system_id, (void)content;
    gd->out->entity = true;
    gd->out->line = gd->ctxt->input ? (unsigned long)gd->ctxt->input->line : 0;
    xmlStopParser(gd->ctxt);
}

/* The root element: the prolog is over and declared nothing. */
static void guard_start(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                        int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                        const xmlChar **attributes) {
    guard *gd = ud;
    (void)localname, (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces;
    (void)nb_attributes, (void)nb_defaulted, (void)attributes;
    gd->out->root = true;
    xmlStopParser(gd->ctxt);
}

static void guard_error(void *ud, xmlErrorPtr e) {
    guard *gd = ud;
    if (!e) return;
    if (e->code == XML_ERR_NO_MEMORY) gd->nomem = true;
    if (!gd->first_error && e->level >= XML_ERR_ERROR) gd->first_error = e->code;
}

/* The parser context, its SAX handlers and its input pulled from fd, made
 * piece by piece rather than by xmlCreateIOParserCtxt, which in libxml2
 * 2.9 leaks its input buffer when memory runs out half-way. */
static xmlParserCtxtPtr new_context(guard *gd) {
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) return NULL;
    memset(ctxt->sax, 0, sizeof *ctxt->sax); /* allocated for us, freed with ctxt */
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    ctxt->sax->entityDecl = guard_entity;
    ctxt->sax->startElementNs = guard_start;
    ctxt->sax->serror = guard_error;
    ctxt->userData = gd;
    xmlParserInputBufferPtr buf = xmlParserInputBufferCreateIO(guard_read, NULL, gd, XML_CHAR_ENCODING_NONE);
    xmlParserInputPtr in = buf ? xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE) : NULL;
    if (!in) {
        if (buf) xmlFreeParserInputBuffer(buf);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    if (inputPush(ctxt, in) < 0) { /* frees in */
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    return ctxt;
}

/* Design: a SAX parse of the prolog, pulling from fd, with only three
 * handlers: entityDecl (a declaration: refuse), startElementNs (the root:
 * stop, all is well) and the structured error handler (kept quiet; the
 * reader proper reports malformed XML at its place).  No tree is built,
 * no DTD is loaded (no XML_PARSE_DTDLOAD), no network (XML_PARSE_NONET),
 * and the parse stops at the first of the two, so what it costs is one
 * pass over the prolog.  libxml2 itself finds the declarations wherever
 * they sit: after a long comment, behind a ']' or '>' in a comment,
 * literal or ATTLIST default, in any encoding it reads. */
int erg__xml_guard(int fd, erg__xml_prolog *out) {
    memset(out, 0, sizeof *out);
    guard gd = {NULL, fd, 0, false, 0, out};
    if (!(gd.ctxt = new_context(&gd))) return ERG_ENOMEM;
    xmlCtxtUseOptions(gd.ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    xmlParseDocument(gd.ctxt);
    if (gd.ctxt->errNo == XML_ERR_NO_MEMORY) gd.nomem = true;
    out->empty = !out->root && !out->entity && gd.first_error == XML_ERR_DOCUMENT_EMPTY;
    if (gd.ctxt->myDoc) xmlFreeDoc(gd.ctxt->myDoc);
    xmlFreeParserCtxt(gd.ctxt);
    if (gd.read_errno) {
        errno = gd.read_errno;
        return ERG_EIO;
    }
    if (gd.nomem && !out->entity) return ERG_ENOMEM;
    if (lseek(fd, 0, SEEK_SET) != 0) return ERG_EIO;
    return ERG_OK;
}
