/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-peer.c: which addresses are this machine's own, for a hub that
 * serves its totals without a login only to itself. */

#include "config.h"

#include <netinet/in.h>
#include <string.h>

#include "ocop-hub-peer.h"

/* Only what the kernel routes to lo counts: the whole of 127.0.0.0/8 (not
 * just 127.0.0.1) and IPv6's ::1, also as an IPv4-mapped address. The
 * machine's own LAN address does not: a peer that connects to it may as
 * well be a booth on the fair's Wi-Fi, and the hub cannot tell them apart. */
gboolean
ocop_hub_address_is_loopback (const struct sockaddr *address)
{
  if (address == NULL)
    return FALSE;
  if (address->sa_family == AF_INET)
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *) address;

      return (ntohl (in->sin_addr.s_addr) >> 24) == 127;
    }
  if (address->sa_family == AF_INET6)
    {
      const struct in6_addr *in6 = &((const struct sockaddr_in6 *) address)->sin6_addr;

      if (IN6_IS_ADDR_LOOPBACK (in6))
        return TRUE;
      return IN6_IS_ADDR_V4MAPPED (in6) && in6->s6_addr[12] == 127;
    }
  return FALSE;
}
