exports.handler = (event, context, callback) => {
  console.error('failing on purpose');
  throw new Error('thrown on purpose');
};
