import { getAuditEventRoute, listAuditEventsRoute } from "@/lib/audit/routes";
import { tokenSelfRoute } from "@/lib/tokens/routes";
import {
  createEndpointRoute,
  deleteEndpointRoute,
  getEndpointRoute,
  listEndpointsRoute,
  listEndpointTestsRoute,
  testEndpointRoute,
  updateEndpointRoute,
} from "@/lib/endpoints/routes";
import { createDlpRuleRoute, deleteDlpRuleRoute, getDlpRuleRoute, listDlpRulesRoute, updateDlpRuleRoute } from "@/lib/dlp/routes";
import { createLlmConfigRoute, deleteLlmConfigRoute, getLlmConfigRoute, testLlmConnectionRoute, updateLlmConfigRoute } from "@/lib/llm-config/routes";
import {
  createApiStandardRoute,
  deleteApiStandardRoute,
  getApiStandardRoute,
  listApiStandardsRoute,
  patchApiStandardRoute,
  putApiStandardRoute,
} from "@/lib/api-standards/routes";
import { deleteLlmServiceRoute, getLlmServiceRoute, listLlmServicesRoute, putLlmServiceRoute } from "@/lib/llm-services/routes";
import { benchBaselineRoute, healthRoute, openApiRoute } from "./platform-routes";
import type { AnyRoute } from "./route";

/** Every live route of the API. A test keeps this list equal to app/api's route files. */
export const ROUTES: AnyRoute[] = [
  healthRoute,
  openApiRoute,
  benchBaselineRoute,
  tokenSelfRoute,
  listAuditEventsRoute,
  getAuditEventRoute,
  listEndpointsRoute,
  createEndpointRoute,
  getEndpointRoute,
  updateEndpointRoute,
  deleteEndpointRoute,
  testEndpointRoute,
  listEndpointTestsRoute,
  listDlpRulesRoute,
  createDlpRuleRoute,
  getDlpRuleRoute,
  updateDlpRuleRoute,
  deleteDlpRuleRoute,
  putLlmServiceRoute,
  getLlmServiceRoute,
  listLlmServicesRoute,
  deleteLlmServiceRoute,
  getLlmConfigRoute,
  createLlmConfigRoute,
  updateLlmConfigRoute,
  testLlmConnectionRoute,
  deleteLlmConfigRoute,
  listApiStandardsRoute,
  getApiStandardRoute,
  createApiStandardRoute,
  putApiStandardRoute,
  patchApiStandardRoute,
  deleteApiStandardRoute,
];
