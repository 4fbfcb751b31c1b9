"use client";

import { useEffect } from "react";
import { CURRENT_INSTANCE_COOKIE } from "./current-instance";

const YEAR = 365 * 24 * 60 * 60;

/**
 * Remembers the workspace being viewed, so instance-less links such as
 * /app/endpoints/new open in it. Only an id: the server checks access again.
 */
export function RememberInstance({ instanceId }: { instanceId: string }) {
  useEffect(() => {
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${CURRENT_INSTANCE_COOKIE}=${encodeURIComponent(instanceId)}; path=/; max-age=${YEAR}; samesite=lax${secure}`;
  }, [instanceId]);
  return null;
}
