export * from './rpc.js';
export * from './gen/yiti/common/v1/rpc_pb.js';
export * from './gen/yiti/directory/v1/directory_pb.js';
export * from './gen/yiti/agreements/v1/agreements_pb.js';
export * from './gen/yiti/transfers/v1/transfers_pb.js';
export * from './gen/yiti/meetings/v1/consultation_events_pb.js';
export * from './gen/yiti/meetings/v1/meetings_pb.js';
export * from './formats.js';
