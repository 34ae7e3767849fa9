/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub.c: the `ocop-hub` command: serve the sync API, enroll and revoke
 * devices, and print the organizers' reports. */

#include "config.h"

#include <qrencode.h>
#include <unistd.h>

#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include <termios.h>
#include <unistd.h>
#include <libpq-fe.h>

#include "ocop-catalog.h"
#include "ocop-hub-accounts.h"
#include "ocop-hub-cmd.h"
#include "ocop-hub-dashboard.h"
#include "ocop-hub-enroll.h"
#include "ocop-hub-language.h"
#include "ocop-hub-server.h"
#include "ocop-quantity.h"

/* An enrollment code is good for a week: enough to set up a fair. */
#define ENROLLMENT_LIFETIME_US (G_GINT64_CONSTANT (7) * 24 * 3600 * G_USEC_PER_SEC)

static int
fail (GError *error)
{
  g_printerr ("ocop-hub: %s\n", error->message);
  g_error_free (error);
  return 1;
}

/* ---- secrets kept off the command line ---- */

/* A password inside --db (postgresql://user:secret@…) is on the command
 * line, which `ps` shows every user of the machine for as long as the
 * hub runs. It is said, not refused: refusing would stop a hub upgraded
 * in the middle of a fair; the way out is libpq's PGPASSFILE (the
 * service's pgpass credential). */
static void
warn_password_in_db (const char *db)
{
  PQconninfoOption *options;

  if (db == NULL || !(g_str_has_prefix (db, "postgresql://") || g_str_has_prefix (db, "postgres://")) ||
      !(options = PQconninfoParse (db, NULL)))
    return;
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    if (g_str_equal (option->keyword, "password") && option->val != NULL && *option->val != '\0')
      g_printerr ("%s\n", _("ocop-hub: the --db address holds a password, which every user of this machine "
                             "can read with `ps`: put it in a PGPASSFILE (the pgpass credential of the hub's "
                             "service) instead"));
  PQconninfoFree (options);
}

static void
warn_secrets_in_options (const GOptionEntry *entries)
{
  for (guint i = 0; entries[i].long_name != NULL; i++)
    if (g_str_equal (entries[i].long_name, "db"))
      warn_password_in_db (*(char **) entries[i].arg_data);
}

/* Under systemd the secrets come as credentials (LoadCredential= in
 * ocop-hub.service), in $CREDENTIALS_DIRECTORY, which only the hub's
 * user can read, rather than as paths an admin must make readable to it.
 * A FILE option not given defaults to its credential; a blank one (the
 * unit's stand-in for a file the admin has not made) is none. */
static void
default_to_credential (char       **path,
                       const char  *name)
{
  const char *dir = g_getenv ("CREDENTIALS_DIRECTORY");
  g_autofree char *candidate = NULL, *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (*path != NULL || dir == NULL || *dir == '\0')
    return;
  candidate = g_build_filename (dir, name, NULL);
  if (!g_file_get_contents (candidate, &contents, NULL, &error))
    {
      /* There but unreadable: the option's own reading says why. */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        *path = g_steal_pointer (&candidate);
      return;
    }
  if (*g_strstrip (contents) != '\0')
    *path = g_steal_pointer (&candidate);
}

static void
default_to_credentials (char **admin_token,
                        char **tls_cert,
                        char **tls_key)
{
  default_to_credential (admin_token, "admin-token");
  default_to_credential (tls_cert, "tls-cert");
  default_to_credential (tls_key, "tls-key");
}

static gboolean
parse_options (const char         *parameters,
               const char         *summary,
               const GOptionEntry *entries,
               int                *argc,
               char             ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (g_option_context_parse (context, argc, argv, &error))
    {
      warn_secrets_in_options (entries);
      return TRUE;
    }
  g_printerr ("ocop-hub: %s\n", error->message);
  return FALSE;
}

static int
missing (const char *what)
{
  g_printerr (_("ocop-hub: %s is required (see --help)\n"), what);
  return 2;
}

/* ---- serve ---- */

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
read_tls (OcopHubServer  *server,
          const char     *cert_path,
          const char     *key_path,
          GError        **error)
{
  g_autofree char *cert = NULL, *key = NULL;

  if (cert_path == NULL && key_path == NULL)
    return TRUE;
  if (cert_path == NULL || key_path == NULL)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("--tls-cert and --tls-key go together"));
      return FALSE;
    }
  if (!g_file_get_contents (cert_path, &cert, NULL, error) || !g_file_get_contents (key_path, &key, NULL, error))
    return FALSE;
  ocop_hub_server_set_tls (server, cert, key);
  return TRUE;
}

static gboolean
read_admin_token (OcopHubServer  *server,
                  const char     *path,
                  GError        **error)
{
  g_autofree char *token = NULL;

  if (path == NULL)
    return TRUE;
  if (!g_file_get_contents (path, &token, NULL, error))
    return FALSE;
  /* An empty file would make "Bearer " with nothing after it the admin's
   * login, and a short token is guessed: both are refused, not served. */
  if (strlen (g_strstrip (token)) < OCOP_HUB_MIN_ADMIN_TOKEN)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("The admin token in %s is %u characters long; it must be at least %d (make one with "
                     "'openssl rand -hex 32')"), path, (guint) strlen (token), OCOP_HUB_MIN_ADMIN_TOKEN);
      return FALSE;
    }
  ocop_hub_server_set_admin_token (server, token);
  return TRUE;
}

/* Loud, on stderr, every start: an open hub is a choice to be seen in the
 * service's log, not found out at the fair. */
static gboolean
warn_if_open (OcopHubServer  *server,
              GError        **error)
{
  gboolean open = FALSE;

  if (!ocop_hub_server_is_open (server, &open, error))
    return FALSE;
  if (open)
    g_printerr (_("ocop-hub: WARNING: OPEN HUB: no organizer account and no admin token; the fair's totals are "
                  "served without a login to this machine (loopback) only. Add an organizer with 'ocop-hub user "
                  "add'.\n"));
  return TRUE;
}

/* The dashboard answers each request in its own language by giving the
 * thread that renders it a locale (ocop-hub-language.c). glibc's gettext
 * reads LANGUAGE before the thread's locale, so a LANGUAGE set for the
 * command line would turn every Vietnamese page into that language: it is
 * dropped here, before the server's threads start (setenv is not
 * thread-safe); the sync API's messages follow LC_MESSAGES or LANG then.
 * A hub without the Vietnamese locale serves English pages, and says so. */
static void
prepare_page_languages (void)
{
  g_autoptr(GError) error = NULL;

  g_unsetenv ("LANGUAGE");
  /* A missing locale is the machine's set-up, not a bug: said on stderr
   * like the other start-up problems, and not a g_warning, which the
   * tests' fatal warnings (and G_DEBUG on a server) would turn into an
   * abort of a hub that can still serve English pages. */
  if (!ocop_hub_language_check (&error))
    g_printerr ("ocop-hub: %s\n", error->message);
}

/* The dashboard behind a TLS proxy: who the clients are, and the address
 * organizers open (README, "The hub behind a TLS proxy"). */
static gboolean
configure_site (OcopHubServer       *server,
                const char * const  *proxies,
                const char          *public_url,
                GError             **error)
{
  OcopHubSite *site = ocop_hub_server_get_site (server);

  for (guint i = 0; proxies != NULL && proxies[i] != NULL; i++)
    if (!ocop_hub_site_trust_proxy (site, proxies[i], error))
      return FALSE;
  /* Said, not refused: a proxy on a closed network may serve plain http. */
  if (proxies != NULL && public_url == NULL)
    g_printerr ("%s\n", _("ocop-hub: behind a TLS proxy, give --public-url https://… too: without it the session "
                          "cookie is not Secure and the dashboard's forms, sent from https://, are refused"));
  return public_url == NULL || ocop_hub_site_set_public_url (site, public_url, error);
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autofree char *db = NULL, *listen = NULL, *cert = NULL, *key = NULL, *admin = NULL;
  g_auto(GStrv) proxies = NULL;
  g_autofree char *public_url = NULL;
  int threads = 4, per_address = OCOP_HUB_DEFAULT_CONNECTIONS_PER_ADDRESS;
  gboolean open = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, N_("The hub's database: a file, or postgresql://…"), N_("DB") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("Address to listen on (default 127.0.0.1:8787)"), N_("HOST:PORT") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("Worker threads (default 4)"), "N" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, N_("PEM certificate, to serve HTTPS directly"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("PEM private key of --tls-cert"), N_("FILE") },
    { "admin-token-file", 0, 0, G_OPTION_ARG_FILENAME, &admin, N_("File holding the organizers' token for totals"), N_("FILE") },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &proxies,
      N_("A proxy (address or network) whose X-Forwarded-For says the client's address; repeatable"), N_("ADDR") },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url,
      N_("The https:// address organizers open, behind a TLS proxy: Secure __Host- cookie, forms only from it"),
      N_("URL") },
    { "open", 0, 0, G_OPTION_ARG_NONE, &open,
      N_("Listen beyond loopback with no organizer account and no admin token (totals stay on this machine)"), NULL },
    { "connections-per-address", 0, 0, G_OPTION_ARG_INT, &per_address,
      N_("Connections at once from one address (default 32; more behind a reverse proxy)"), "N" },
    { NULL }
  };
  g_autoptr(OcopHubServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  OcopHubBackend *backend;
  GError *error = NULL;

  if (!parse_options ("", _("Serve the sync API until SIGINT or SIGTERM."), entries, &argc, &argv))
    return 2;
  if (db == NULL)
    return missing ("--db");
  default_to_credentials (&admin, &cert, &key);
  if (!(backend = ocop_hub_backend_open (db, &error)))
    return fail (error);
  prepare_page_languages ();
  server = ocop_hub_server_new (backend);
  ocop_hub_server_set_open (server, open);
  ocop_hub_server_set_connections_per_address (server, (guint) CLAMP (per_address, 1, 512));
  if (!read_tls (server, cert, key, &error) || !read_admin_token (server, admin, &error) ||
      !configure_site (server, (const char * const *) proxies, public_url, &error) ||
      !ocop_hub_server_start (server, listen ? listen : "127.0.0.1:8787", (guint) CLAMP (threads, 1, 64), &error) ||
      !warn_if_open (server, &error))
    return fail (error);
  /* The handlers come before the line that says the hub is up: a SIGTERM
   * sent as soon as it is read must still stop the hub cleanly. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_loop, loop);
  g_unix_signal_add (SIGTERM, quit_loop, loop);
  /* Scripts and tests read the port from this line (port 0 picks one). */
  g_print ("ocop-hub: listening on port %u\n", ocop_hub_server_get_port (server));
  fflush (stdout);
  g_main_loop_run (loop);
  ocop_hub_server_stop (server);
  return 0;
}

/* ---- enroll and revoke ---- */

static gboolean
qr_dark (const QRcode *qr,
         int           x,
         int           y)
{
  return x >= 0 && y >= 0 && x < qr->width && y < qr->width && (qr->data[y * qr->width + x] & 1);
}

/* The code as a QR code in text, two rows of modules a line (upper and
 * lower half blocks), dark on the terminal's light, with the quiet zone a
 * phone or a 2D scanner needs: the booth scans it into "Join the hub". */
static gboolean
print_qr (const char *text)
{
  QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  const int quiet = 2;

  if (qr == NULL)
    return FALSE;
  for (int y = -quiet; y < qr->width + quiet; y += 2)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (int x = -quiet; x < qr->width + quiet; x++)
        {
          gboolean top = qr_dark (qr, x, y), bottom = qr_dark (qr, x, y + 1);

          g_string_append (line, top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ");
        }
      g_print ("%s\n", line->str);
    }
  QRcode_free (qr);
  return TRUE;
}

static int
cmd_enroll (int    argc,
            char **argv)
{
  g_autofree char *db = NULL, *fair = NULL, *booth = NULL;
  gboolean show_qr;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, N_("The hub's database"), N_("DB") },
    { "fair", 0, 0, G_OPTION_ARG_STRING, &fair, N_("The fair's id"), N_("FAIR") },
    { "booth", 0, 0, G_OPTION_ARG_STRING, &booth, N_("The booth's code"), N_("CODE") },
    { NULL },
    { NULL }
  };
  g_autoptr(OcopHubBackend) backend = NULL;
  g_autofree char *code = NULL, *hash = NULL;
  GError *error = NULL;
  gint64 now = g_get_real_time ();

  entries[3] = (GOptionEntry) { "qr", 0, 0, G_OPTION_ARG_NONE, &show_qr,
                                N_("Also print the code as a QR code (the default on a terminal)"), NULL };
  show_qr = isatty (STDOUT_FILENO);
  if (!parse_options ("", _("Create a one-time code that enrolls one device for a booth."), entries, &argc, &argv))
    return 2;
  if (db == NULL || fair == NULL || booth == NULL)
    return missing ("--db, --fair and --booth");
  if (!(backend = ocop_hub_backend_open (db, &error)))
    return fail (error);
  code = ocop_hub_new_enrollment_code ();
  hash = ocop_hub_hash_enrollment_code (code, NULL);
  if (!ocop_hub_backend_add_enrollment (backend, hash, fair, booth, now, now + ENROLLMENT_LIFETIME_US, &error))
    return fail (error);
  g_print ("%s\n", code);
  if (show_qr && !print_qr (code))
    return fail (g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not make the QR code")));
  return 0;
}

static int
cmd_revoke (int    argc,
            char **argv)
{
  g_autofree char *db = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, N_("The hub's database"), N_("DB") },
    { NULL }
  };
  g_autoptr(OcopHubBackend) backend = NULL;
  GError *error = NULL;

  if (!parse_options (_("DEVICE"), _("Refuse every further request of a device."), entries, &argc, &argv))
    return 2;
  if (db == NULL || argc != 2)
    return missing ("--db and DEVICE");
  if (!(backend = ocop_hub_backend_open (db, &error)) ||
      !ocop_hub_backend_revoke_device (backend, argv[1], g_get_real_time (), &error))
    return fail (error);
  g_print (_("Device %s is revoked.\n"), argv[1]);
  return 0;
}

/* ---- catalog ---- */

/* Each product in the canonical form the devices' parser reads back
 * unchanged, so that "changed" means a field changed, not its spelling
 * ("250.000" and "250000" are one price). */
static GPtrArray *
catalog_rows_of (GPtrArray *products)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_hub_catalog_row_free);

  for (guint i = 0; i < products->len; i++)
    {
      g_autofree char *row = ocop_catalog_format_row (products->pdata[i]);

      g_ptr_array_add (rows, ocop_hub_catalog_row_new (ocop_product_get_sku (products->pdata[i]), row, 0));
    }
  return rows;
}

static int
cmd_catalog (int    argc,
             char **argv)
{
  g_autofree char *db = NULL, *fair = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, N_("The hub's database"), N_("DB") },
    { "fair", 0, 0, G_OPTION_ARG_STRING, &fair, N_("The fair's id"), N_("FAIR") },
    { NULL }
  };
  g_autoptr(OcopHubBackend) backend = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) csv = NULL;
  OcopHubPublication publication;
  GError *error = NULL;

  if (!parse_options (_("FILE.csv"), _("Publish the fair's catalog; devices fetch it when they sync."), entries,
                      &argc, &argv))
    return 2;
  if (db == NULL || fair == NULL || argc != 2)
    return missing ("--db, --fair and FILE.csv");
  /* The devices check it again with the same parser; a file with any
   * error is refused here first, so none of them gets half a catalog. */
  if (!(file = g_mapped_file_new (argv[1], FALSE, &error)))
    return fail (error);
  csv = g_mapped_file_get_bytes (file);
  if (!(products = ocop_catalog_parse_bytes (csv, argv[1], &error)))
    return fail (error);
  rows = catalog_rows_of (products);
  if (!(backend = ocop_hub_backend_open (db, &error)) ||
      !ocop_hub_backend_put_catalog (backend, fair, csv, rows, g_get_real_time (), &publication, &error))
    return fail (error);
  if (publication.added + publication.changed + publication.withdrawn == 0)
    g_print (_("Nothing changed: %s keeps catalog version %" PRId64 " (%u products).\n"), fair,
             publication.version, products->len);
  else
    g_print (_("Published %u products as catalog version %" PRId64 " of %s: %u added, %u changed, %u withdrawn.\n"),
             products->len, publication.version, fair, publication.added, publication.changed,
             publication.withdrawn);
  return 0;
}

/* ---- organizer accounts ---- */

/* One line from stdin; on a terminal, asked for without echo. */
static char *
read_password (GError **error)
{
  gboolean terminal = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char line[1024];
  char *read = NULL;

  if (terminal)
    {
      g_printerr ("%s", _("Password: "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  read = fgets (line, sizeof line, stdin);
  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }
  if (read == NULL)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                           _("No password was given on standard input"));
      return NULL;
    }
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (line);
}

static int
cmd_user (int    argc,
          char **argv)
{
  g_autofree char *db = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, N_("The hub's database"), N_("DB") },
    { NULL }
  };
  g_autoptr(OcopHubBackend) backend = NULL;
  g_autofree char *password = NULL, *hash = NULL;
  GError *error = NULL;

  if (!parse_options (_("add|remove NAME"),
                      _("Add an organizer who may log in to the dashboard (the password is read from standard "
                        "input), give one a new password, or remove one."), entries, &argc, &argv))
    return 2;
  if (db == NULL || argc != 3 || !g_strv_contains ((const char *[]) { "add", "remove", NULL }, argv[1]))
    return missing ("--db, add or remove, and NAME");
  if (!(backend = ocop_hub_backend_open (db, &error)))
    return fail (error);
  if (g_str_equal (argv[1], "remove"))
    {
      if (!ocop_hub_backend_remove_organizer (backend, argv[2], &error))
        return fail (error);
      g_print (_("Organizer %s is removed.\n"), argv[2]);
      return 0;
    }
  /* A name the login form would refuse is refused here first. */
  if (!ocop_hub_accounts_check_name (argv[2], &error) ||
      !(password = read_password (&error)) || !(hash = ocop_hub_accounts_hash_password (password, &error)) ||
      !ocop_hub_backend_put_organizer (backend, argv[2], hash, g_get_real_time (), &error))
    return fail (error);
  g_print (_("Organizer %s may log in.\n"), argv[2]);
  return 0;
}

/* What the other commands' files (ocop-hub-cmd.h) share with these. */
int
ocop_hub_cmd_fail (GError *error)
{
  return fail (error);
}

int
ocop_hub_cmd_missing (const char *what)
{
  return missing (what);
}

gboolean
ocop_hub_cmd_parse_options (const char         *parameters,
                            const char         *summary,
                            const GOptionEntry *entries,
                            int                *argc,
                            char             ***argv)
{
  return parse_options (parameters, summary, entries, argc, argv);
}

char *
ocop_hub_cmd_read_secret (GError **error)
{
  return read_password (error);
}

/* ---- report ---- */

static gint64
member_int (JsonObject *object,
            const char *name)
{
  return json_object_has_member (object, name) && !json_object_get_null_member (object, name)
         ? json_object_get_int_member (object, name) : 0;
}

static void
print_totals (JsonObject *totals)
{
  g_print (_("Sales %" PRId64 ", voids %" PRId64 ", refunds %" PRId64 "\n"),
           member_int (totals, "sales"), member_int (totals, "voids"), member_int (totals, "refunds"));
  g_print (_("Revenue %" PRId64 " VND, visitors %" PRId64 "\n"),
           member_int (totals, "revenue"), member_int (totals, "visitors"));
}

static void
print_booths (JsonObject *totals)
{
  JsonArray *booths = json_object_get_array_member (totals, "by_booth");
  JsonArray *stale = json_object_get_array_member (totals, "stale_booths");

  for (guint i = 0; i < json_array_get_length (booths); i++)
    {
      JsonObject *booth = json_array_get_object_element (booths, i);

      g_print (_("%-12s %6" PRId64 " sales %14" PRId64 " VND\n"), json_object_get_string_member (booth, "booth"),
               member_int (booth, "sales"), member_int (booth, "revenue"));
    }
  for (guint i = 0; i < json_array_get_length (stale); i++)
    g_print (_("Not synced for 30 minutes or more: %s (%s)\n"),
             json_object_get_string_member (json_array_get_object_element (stale, i), "booth"),
             json_object_get_string_member (json_array_get_object_element (stale, i), "device_id"));
}

/* The CLI speaks the process's language (gettext), unlike the dashboard,
 * which serves both at once. */
static const char *
kind_label (const char *kind)
{
  OcopProducerKind known = g_str_equal (kind, OCOP_HUB_KIND_UNKNOWN) ? 0 : ocop_producer_kind_from_string (kind);

  return known ? ocop_producer_kind_label (known) : _("Kind not recorded");
}

static void
print_kinds (JsonObject *totals)
{
  JsonArray *kinds = json_object_get_array_member (totals, "by_producer_kind");

  for (guint i = 0; kinds != NULL && i < json_array_get_length (kinds); i++)
    {
      JsonObject *row = json_array_get_object_element (kinds, i);

      g_print (_("%-26s %8" PRId64 " units %14" PRId64 " VND\n"),
               kind_label (json_object_get_string_member (row, "producer_kind")),
               member_int (row, "quantity"), member_int (row, "revenue"));
      /* Apart from the units: weight and pieces add up to nothing. */
      if (member_int (row, "measure") != 0)
        {
          g_autofree char *measure = ocop_quantity_format (member_int (row, "measure"), TRUE, NULL);

          g_print (_("%-26s %s weighed or measured\n"), "", measure);
        }
    }
}

static void
print_places (JsonObject *totals)
{
  JsonArray *places = json_object_get_array_member (totals, "by_locality_name");

  for (guint i = 0; places != NULL && i < json_array_get_length (places); i++)
    {
      JsonObject *row = json_array_get_object_element (places, i);
      const char *place = json_object_get_string_member (row, "locality");

      g_print (_("%-26s %6" PRId64 " sales %14" PRId64 " VND\n"), *place ? place : _("(locality not given)"),
               member_int (row, "sales"), member_int (row, "revenue"));
    }
}

static const char *
csv_table_of (const char *report)
{
  if (g_str_equal (report, "places"))
    return report;
  if (g_str_equal (report, "booths") || g_str_equal (report, "kinds"))
    return report;
  return "totals";
}

static int
cmd_report (int    argc,
            char **argv)
{
  g_autofree char *db = NULL, *fair = NULL, *day = NULL;
  gboolean as_json = FALSE, as_csv = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, N_("The hub's database"), N_("DB") },
    { "fair", 0, 0, G_OPTION_ARG_STRING, &fair, N_("The fair's id"), N_("FAIR") },
    { "day", 0, 0, G_OPTION_ARG_STRING, &day, N_("Business day, for `report day` (or `report kinds` of one day)"),
      N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &as_csv, N_("Print CSV, as the dashboard exports it"), NULL },
    { NULL }
  };
  g_autoptr(OcopHubBackend) backend = NULL;
  g_autoptr(JsonNode) totals = NULL;
  g_autoptr(JsonNode) extras = NULL;
  g_autofree char *csv = NULL;
  GError *error = NULL;

  if (!parse_options ("fair|day|booths|places|kinds|bank",
                      _("Totals of a fair, of one of its days, per booth, per locality, or per producer kind."),
                      entries, &argc, &argv))
    return 2;
  if (argc == 2 && g_str_equal (argv[1], "bank"))
    return db != NULL ? ocop_hub_cmd_bank_unmatched (db, fair) : missing ("--db");
  if (argc != 2 || !g_strv_contains ((const char *[]) { "fair", "day", "booths", "places", "kinds", NULL }, argv[1]))
    return missing ("fair, day, booths, places or kinds");
  if (db == NULL || fair == NULL || (g_str_equal (argv[1], "day") && day == NULL))
    return missing (g_str_equal (argv[1], "day") ? "--db, --fair and --day" : "--db and --fair");
  if (!(backend = ocop_hub_backend_open (db, &error)) ||
      !(totals = ocop_hub_backend_totals (backend, fair,
                                          g_str_equal (argv[1], "day") || g_str_equal (argv[1], "kinds") ||
                                          g_str_equal (argv[1], "places") ? day : NULL,
                                          g_get_real_time (), &error)))
    return fail (error);
  if (as_csv)
    {
      if (!(extras = ocop_hub_backend_dashboard_extras (backend, fair, &error)) ||
          !(csv = ocop_hub_dashboard_csv (csv_table_of (argv[1]),
                                          json_node_get_object (totals), json_node_get_object (extras), &error)))
        return fail (error);
      fputs (csv, stdout);
    }
  else if (as_json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (generator, totals);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else if (g_str_equal (argv[1], "booths"))
    print_booths (json_node_get_object (totals));
  else if (g_str_equal (argv[1], "kinds"))
    print_kinds (json_node_get_object (totals));
  else if (g_str_equal (argv[1], "places"))
    print_places (json_node_get_object (totals));
  else
    {
      print_totals (json_node_get_object (totals));
      print_kinds (json_node_get_object (totals));
    }
  return 0;
}

static const struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "serve", cmd_serve, N_("Serve the sync API") },
  { "enroll", cmd_enroll, N_("Create a one-time enrollment code for a booth") },
  { "revoke", cmd_revoke, N_("Revoke a device") },
  { "report", cmd_report, N_("Print totals: fair, day, booths, places (localities) or producer kinds") },
  { "catalog", cmd_catalog, N_("Publish a fair's catalog (CSV)") },
  { "user", cmd_user, N_("Add or remove an organizer of the dashboard") },
  { "bank", ocop_hub_cmd_bank, N_("Add, list or remove the accounts whose transfers a payment service confirms") },
};

int
main (int    argc,
      char **argv)
{
  g_autofree char *prgname = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("OCOP_LOCALEDIR") ? g_getenv ("OCOP_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc == 2 && g_str_equal (argv[1], "--version"))
    {
      g_print ("ocop-hub %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        prgname = g_strconcat ("ocop-hub ", commands[i].name, NULL);
        g_set_prgname (prgname);
        argv[1] = prgname;
        return commands[i].run (argc - 1, argv + 1);
      }
  g_print ("%s\n", _("Usage: ocop-hub COMMAND [OPTIONS…]"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-8s %s\n", commands[i].name, _(commands[i].summary));
  return argc < 2 || g_str_equal (argv[1], "--help") ? (argc < 2 ? 2 : 0) : 2;
}
