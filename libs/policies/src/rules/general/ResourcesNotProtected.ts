import { ResourceValidationPolicy } from "@pulumi/policy";

/**
 * Nothing is protected or retained on delete, so `pulumi destroy` removes every environment
 * completely (requirement: "No RETAIN deletion policies"). The engine passes `protect`; the offline
 * evaluator also passes `retainOnDelete`, which the policy engine does not expose yet.
 */
export const ResourcesNotProtected: ResourceValidationPolicy = {
  name: "resources-not-protected",
  description: "No resource is protected or retained on delete.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.opts.protect) {
      report("protect is set; the requirements need every resource to be destroyable.");
    }
    if ((args.opts as { retainOnDelete?: boolean }).retainOnDelete) {
      report("retainOnDelete is set; destroy would leave the resource behind.");
    }
  },
};
