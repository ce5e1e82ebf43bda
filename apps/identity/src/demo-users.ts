// The demo people live in @krisstod/contracts/demo, shared with the roster's demo seed.
export { demoUsers, findDemoUser } from "@krisstod/contracts/demo";
