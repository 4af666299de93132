"""Who may manage API tokens: the one place that decides.

`accounts.manage_api_token` takes the token's owner (a User, when creating) or the token
itself (when revoking): people manage their own tokens, an administrator anyone's.
"""

from __future__ import annotations

from typing import Any

import rules

from kpss.core.permissions import is_admin


@rules.predicate
def is_token_owner(user: Any, obj: Any) -> bool:
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    owner_id = getattr(obj, "user_id", None)
    if owner_id is None:  # a User: the owner-to-be
        owner_id = getattr(obj, "pk", None)
    return bool(owner_id is not None and owner_id == user.pk and user.is_active)


rules.add_perm("accounts.manage_api_token", is_admin | is_token_owner)
