/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-cmd-bank.c: `ocop-hub bank`: the accounts whose transfers a
 * payment service confirms to the hub, and the notifications organizers
 * must look at. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-bank.h"
#include "ocop-hub-cmd.h"
#include "ocop-hub-error.h"

/* The name is the last part of the URL the service calls. */
static gboolean
check_name (const char  *name,
            GError     **error)
{
  gsize len = strlen (name);

  if (len > 0 && len <= 64 &&
      strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == len)
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
               _("'%s' is not an account name (1 to 64 letters, digits, '-' and '_')"), name);
  return FALSE;
}

static char *
url_of (const char *public_url,
        const char *name)
{
  g_autofree char *base = g_strdup (public_url ? public_url : "https://HUB");

  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  return g_strdup_printf ("%s/v1/bank/%s", base, name);
}

static int
bank_add (OcopHubBackend *backend,
          const char     *name,
          const char     *service,
          const char     *fair,
          const char     *account_number,
          const char     *public_url)
{
  OcopHubBankAccount account = { (char *) name, (char *) service, (char *) fair, (char *) account_number, NULL };
  g_autofree char *secret = NULL, *url = NULL;
  GError *error = NULL;

  if (ocop_hub_bank_service_find (service) == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) ocop_hub_bank_service_names ());

      g_printerr (_("ocop-hub: '%s' is not a payment service this hub knows (%s)\n"), service, known);
      return 2;
    }
  if (!check_name (name, &error) || !(secret = ocop_hub_cmd_read_secret (&error)))
    return ocop_hub_cmd_fail (error);
  if (*secret == '\0')
    return ocop_hub_cmd_missing (_("the service's key (on standard input)"));
  account.secret = secret;
  if (!ocop_hub_backend_put_bank_account (backend, &account, g_get_real_time (), &error))
    return ocop_hub_cmd_fail (error);
  url = url_of (public_url, name);
  g_print (_("Account %s of fair %s is set up for %s. Give the service this address to call:\n  %s\n"),
           account_number, fair, ocop_hub_bank_service_find (service)->title, url);
  return 0;
}

static int
bank_list (OcopHubBackend *backend,
           const char     *public_url)
{
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;

  if (!(accounts = ocop_hub_backend_list_bank_accounts (backend, &error)))
    return ocop_hub_cmd_fail (error);
  for (guint i = 0; i < accounts->len; i++)
    {
      OcopHubBankAccount *account = accounts->pdata[i];
      g_autofree char *url = url_of (public_url, account->name);

      /* The key is never printed: it stays in the hub's database. */
      g_print ("%s\t%s\t%s\t%s\t%s\n", account->name, account->service, account->fair, account->account, url);
    }
  return 0;
}

/* The notifications no transfer matched, for the organizers to settle:
 * fair, booth, code, amount, status, account, service:transaction and
 * the bank's description, one a line. */
int
ocop_hub_cmd_bank_unmatched (const char *db,
                             const char *fair)
{
  g_autoptr(OcopHubBackend) backend = NULL;
  g_autoptr(JsonNode) notices = NULL;
  JsonArray *array;
  GError *error = NULL;

  if (!(backend = ocop_hub_backend_open (db, &error)) ||
      !(notices = ocop_hub_backend_unmatched_notices (backend, fair, &error)))
    return ocop_hub_cmd_fail (error);
  array = json_node_get_array (notices);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *notice = json_array_get_object_element (array, i);
      const char *booth = json_object_get_string_member_with_default (notice, "booth", NULL);
      const char *code = json_object_get_string_member_with_default (notice, "code", NULL);

      g_print ("%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\t%s:%s\t%s\n",
               json_object_get_string_member (notice, "fair"), booth ? booth : "-", code ? code : "-",
               json_object_get_int_member (notice, "amount"), json_object_get_string_member (notice, "status"),
               json_object_get_string_member (notice, "account"),
               json_object_get_string_member (notice, "service"),
               json_object_get_string_member (notice, "transaction"),
               json_object_get_string_member (notice, "description"));
    }
  return 0;
}

int
ocop_hub_cmd_bank (int    argc,
                   char **argv)
{
  g_autofree char *db = NULL, *service = NULL, *fair = NULL, *account = NULL, *public_url = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, N_("The hub's database"), N_("DB") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service, N_("sepay, sepay-hmac, casso or payos (for add)"),
      N_("SERVICE") },
    { "fair", 0, 0, G_OPTION_ARG_STRING, &fair, N_("The fair the account's booths sell at"), N_("FAIR") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The bank account number the service reports on"),
      N_("NUMBER") },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url,
      N_("The hub's address as the service reaches it (https://…)"), N_("URL") },
    { NULL }
  };
  g_autoptr(OcopHubBackend) backend = NULL;
  GError *error = NULL;

  if (!ocop_hub_cmd_parse_options (_("add|list|remove|unmatched [NAME]"),
                                   _("Set up an account whose incoming transfers a payment service confirms to "
                                     "the hub (its key is read from standard input), list or remove them, or list "
                                     "the notifications no booth's transfer matched."), entries, &argc, &argv))
    return 2;
  if (db == NULL || argc < 2 ||
      !g_strv_contains ((const char *[]) { "add", "list", "remove", "unmatched", NULL }, argv[1]) ||
      (g_str_equal (argv[1], "add") && (argc != 3 || !service || !fair || !account)) ||
      (g_str_equal (argv[1], "remove") && argc != 3))
    return ocop_hub_cmd_missing ("--db and add NAME (with --service, --fair and --account), list, remove NAME or "
                                 "unmatched");
  if (g_str_equal (argv[1], "unmatched"))
    return ocop_hub_cmd_bank_unmatched (db, fair);
  if (!(backend = ocop_hub_backend_open (db, &error)))
    return ocop_hub_cmd_fail (error);
  if (g_str_equal (argv[1], "add"))
    return bank_add (backend, argv[2], service, fair, account, public_url);
  if (g_str_equal (argv[1], "list"))
    return bank_list (backend, public_url);
  if (!ocop_hub_backend_remove_bank_account (backend, argv[2], &error))
    return ocop_hub_cmd_fail (error);
  g_print (_("Account %s is removed: its service's notifications are refused from now on.\n"), argv[2]);
  return 0;
}
