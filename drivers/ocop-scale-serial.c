/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale-serial.c: a scale on a serial port, without a thread: the
 * fd is watched on the main context, bytes are cut into frames by the
 * protocol's terminators (bounded: an overlong frame is a misread) and
 * each frame is parsed by the protocol's table entry. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "ocop-scale-private.h"
#include "ocop-scale-protocol.h"

struct _OcopScaleSerial
{
  OcopScale               *owner;   /* not a reference: it owns us */
  char                    *path;
  const OcopScaleProtocol *protocol;
  speed_t                  speed;
  int                      fd;
  GSource                 *watch;
  GByteArray              *frame;
  gboolean                 overlong;
};

static gboolean
parse_query (OcopScaleSerial  *self,
             const char       *uri,
             const char       *query,
             GError          **error)
{
  g_autoptr(GHashTable) params = NULL;
  const char *name, *baud;
  guint64 number = 9600;

  params = g_uri_parse_params (query != NULL ? query : "", -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    {
      g_set_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_INVALID_URI,
                   _("Scale address '%s': cannot read the options after '?'"), uri);
      return FALSE;
    }
  name = g_hash_table_lookup (params, "protocol");
  self->protocol = ocop_scale_protocol_find (name != NULL ? name : "mettler-8217");
  if (self->protocol == NULL)
    {
      g_set_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_UNKNOWN_PROTOCOL,
                   _("Scale address '%s': no protocol named '%s' (`ocop scales` lists them)"),
                   uri, name);
      return FALSE;
    }
  baud = g_hash_table_lookup (params, "baud");
  number = self->protocol->baud;
  if ((baud != NULL && !g_ascii_string_to_unsigned (baud, 10, 1200, 115200, &number, NULL)) ||
      (self->speed = ocop_serial_tty_speed (number)) == 0)
    {
      g_set_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_INVALID_URI,
                   _("Scale address '%s': baud=%s is not a serial speed (1200 to 115200, such as 9600)"),
                   uri, baud);
      return FALSE;
    }
  return TRUE;
}

OcopScaleSerial *
ocop_scale_serial_new (OcopScale   *owner,
                       const char  *uri,
                       GError     **error)
{
  g_autoptr(OcopScaleSerial) self = g_new0 (OcopScaleSerial, 1);
  const char *query = strchr (uri, '?');

  self->owner = owner;
  self->fd = -1;
  self->frame = g_byte_array_new ();
  if (!g_str_has_prefix (uri, "serial:/") || (query != NULL && query == uri + 8))
    {
      g_set_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_INVALID_URI,
                   _("Scale address '%s': expected serial:/dev/ttyUSB0?protocol=mettler-8217 "
                     "or usb:VID:PID"), uri);
      return NULL;
    }
  self->path = query != NULL ? g_strndup (uri + 7, query - uri - 7) : g_strdup (uri + 7);
  if (!parse_query (self, uri, query != NULL ? query + 1 : NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
ocop_scale_serial_close (OcopScaleSerial *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  if (self->fd >= 0)
    g_close (self->fd, NULL);
  self->fd = -1;
  g_byte_array_set_size (self->frame, 0);
  self->overlong = FALSE;
}

void
ocop_scale_serial_free (OcopScaleSerial *self)
{
  ocop_scale_serial_close (self);
  g_byte_array_unref (self->frame);
  g_free (self->path);
  g_free (self);
}

static gboolean
write_all (OcopScaleSerial *self,
           const char      *bytes)
{
  gsize length = strlen (bytes), done = 0;

  while (done < length)
    {
      gssize n = write (self->fd, bytes + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;   /* a scale reads a few bytes: EAGAIN is a dead port */
      done += n;
    }
  return TRUE;
}

static void
end_frame (OcopScaleSerial *self)
{
  OcopScaleReading reading = { OCOP_SCALE_MISREAD, 0 };
  const char *reply = NULL;
  OcopScaleFrame kind = OCOP_SCALE_FRAME_READING;

  if (!self->overlong)
    kind = self->protocol->parse (self->frame->data, self->frame->len, &reading, &reply);
  g_byte_array_set_size (self->frame, 0);
  self->overlong = FALSE;
  if (kind == OCOP_SCALE_FRAME_REPLY && !write_all (self, reply))
    kind = OCOP_SCALE_FRAME_READING;   /* reading is still MISREAD */
  if (kind == OCOP_SCALE_FRAME_READING)
    ocop_scale_take_reading (self->owner, &reading);
}

static void
take_bytes (OcopScaleSerial *self,
            const guint8    *bytes,
            gsize            length)
{
  guint8 mask = self->protocol->framing == OCOP_SERIAL_7E1 ? 0x7f : 0xff;

  for (gsize i = 0; i < length && self->fd >= 0; i++)
    {
      guint8 byte = bytes[i] & mask;

      /* Past the bound, the last byte is kept in place of the one
       * before, so that the frame's end is still seen. */
      if (self->frame->len >= OCOP_SCALE_MAX_FRAME)
        {
          self->overlong = TRUE;
          self->frame->data[OCOP_SCALE_MAX_FRAME - 2] = self->frame->data[OCOP_SCALE_MAX_FRAME - 1];
          self->frame->data[OCOP_SCALE_MAX_FRAME - 1] = byte;
        }
      else
        g_byte_array_append (self->frame, &byte, 1);
      if (self->protocol->is_end (self->frame->data, self->frame->len))
        end_frame (self);
    }
}

static gboolean
on_readable_cb (int           fd,
                GIOCondition  condition,
                gpointer      user_data)
{
  OcopScaleSerial *self = user_data;
  g_autoptr(OcopScale) owner = g_object_ref (self->owner);
  guint8 buffer[256];
  gssize n;

  while (self->fd >= 0 && (n = read (fd, buffer, sizeof buffer)) > 0)
    take_bytes (self, buffer, n);
  if (self->fd >= 0 &&
      (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) ||
       (n < 0 && (condition & (G_IO_HUP | G_IO_ERR)))))
    {
      ocop_scale_serial_close (self);
      ocop_scale_take_gone (owner);
    }
  return G_SOURCE_CONTINUE;
}

gboolean
ocop_scale_serial_open (OcopScaleSerial  *self,
                        GError          **error)
{
  g_autoptr(GError) local = NULL;

  if (self->fd >= 0)
    return TRUE;
  self->fd = ocop_serial_tty_open (self->path, self->speed, self->protocol->framing, &local);
  if (self->fd < 0)
    {
      OcopScaleError code = OCOP_SCALE_ERROR_FAILED;

      if (g_error_matches (local, OCOP_SERIAL_TTY_ERROR, OCOP_SERIAL_TTY_ERROR_NOT_FOUND))
        code = OCOP_SCALE_ERROR_NOT_FOUND;
      else if (g_error_matches (local, OCOP_SERIAL_TTY_ERROR, OCOP_SERIAL_TTY_ERROR_PERMISSION))
        code = OCOP_SCALE_ERROR_PERMISSION;
      else if (g_error_matches (local, OCOP_SERIAL_TTY_ERROR, OCOP_SERIAL_TTY_ERROR_BUSY))
        code = OCOP_SCALE_ERROR_BUSY;
      g_set_error_literal (error, OCOP_SCALE_ERROR, code, local->message);
      return FALSE;
    }
  self->watch = g_unix_fd_source_new (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (on_readable_cb), self, NULL);
  g_source_attach (self->watch, g_main_context_get_thread_default ());
  return TRUE;
}

gboolean
ocop_scale_serial_send (OcopScaleSerial  *self,
                        OcopScaleCommand  command)
{
  const char *bytes = command == OCOP_SCALE_COMMAND_REQUEST ? self->protocol->request
                    : command == OCOP_SCALE_COMMAND_ZERO ? self->protocol->zero
                    : self->protocol->tare;

  if (self->fd < 0)
    return FALSE;
  if (bytes == NULL || write_all (self, bytes))
    return TRUE;
  ocop_scale_serial_close (self);
  return FALSE;
}
