/**
 * The application's composition root for triggers: loading this module
 * registers every domain area's triggers on the layer's registry
 * (lib/triggers.ts). The function layer imports it so that every function,
 * whichever module it lives in, writes through all of them; the layer itself
 * knows no domain area. A domain area with triggers adds its module here.
 */
import "./workload/triggers";
